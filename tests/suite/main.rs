//! The integration tests: one binary, whole projects through the real `boardpack` command
//! and the public API. `common` is the harness (fixture projects copied to temp folders,
//! invalid fixtures laid over the valid one); `cli` covers `check`, `indicators` and
//! `build` with every kind of bad input; `site` what reviewers read in a built site and
//! the preview's cache; `live` `watch` and `serve`; `governance` meetings, actions and
//! interests; `pack` the board pack PDF; `start` `init`, `new`, schemas and the messages of
//! a secretary's first hour; `guide` runs the commands of docs/guide.md. Regression tests
//! are named after the issue they fix (`issue_14_...`).

mod cli;
mod common;
mod governance;
mod guide;
mod live;
mod pack;
mod site;
mod start;
