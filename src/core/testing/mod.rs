//! Native scenario tests of the core through a scripted host: retries, outcomes, bulk runs,
//! selection, plans, restores and journals, on a virtual clock.

mod fake;

mod bulk;
mod contract;
mod delete;
mod journal;
mod restore;
mod select;
