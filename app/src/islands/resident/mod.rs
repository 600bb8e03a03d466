//! Islands a resident's phone may load (the resident bundle).
pub mod account_forms;
pub mod account;
pub mod check_flow;
pub mod check_history;
pub mod check_result;
pub mod event_signup;
pub mod favourite;
pub mod map_view;
pub mod near_me;
pub mod next_steps;
pub mod report_problem;
pub mod share;
pub mod suggest;
