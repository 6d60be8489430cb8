/* A wide table or chart scrolls sideways in its own box, which Tab stops at so that the
   arrow keys can scroll it. A box that fits has nothing to scroll: it leaves the tab order
   (and comes back to it if a narrower window makes it scroll). Without scripts every box
   stays a tab stop, as written. */
(function () {
  var boxes = document.querySelectorAll('.table-wrap[tabindex], .chart-scroll[tabindex]');
  function check() {
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1 || box.scrollHeight > box.clientHeight + 1) box.setAttribute('tabindex', '0');
      else if (box !== document.activeElement) box.removeAttribute('tabindex');
    }
  }
  if (!boxes.length) return;
  check();
  window.addEventListener('load', check);
  if (window.ResizeObserver) {
    var observer = new ResizeObserver(check);
    for (var i = 0; i < boxes.length; i++) observer.observe(boxes[i]);
  } else {
    window.addEventListener('resize', check);
  }
})();
