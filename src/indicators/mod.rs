//! Summary indicators: pure functions of the validated model and the report date.
//! (Issue 3 is in progress: only the SPC calculation is here so far.)

pub mod spc;
