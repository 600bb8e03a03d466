//! The server's integration tests, one binary: each module below was its own
//! test binary before, and each linked the whole app (time and disk in CI).

mod common;

mod accounts;
mod attendance;
mod activities;
mod backup;
mod casework;
mod crash;
mod dashboard;
mod diary;
mod database;
mod events;
mod health_check;
mod hsds;
mod import;
mod limits;
mod map;
mod organise;
mod rewards;
mod openapi;
mod outage;
mod pages;
mod process;
mod render_cache;
mod reports;
mod resources;
mod router;
mod staff;
mod status;
mod sweep;
