//! Taking part: the check-in page a session's QR code opens, and a
//! resident's points (`/points`). Server-rendered, plain forms: they work
//! without JavaScript on any phone's camera-to-browser path.
mod checkin_page;
mod organise_page;
mod organisers_page;
mod points_page;
mod staff_rewards_page;
pub(crate) mod voucher_page;

pub use checkin_page::CheckinPage;
pub use organise_page::{CardScanPage, MemberCardPage, OrganisePage, PosterPage, SessionSheetPage};
pub use organisers_page::OrganisersPage;
pub use points_page::PointsPage;
pub use staff_rewards_page::StaffRewardsPage;
pub use voucher_page::{RewardOfferPage, ShopCheckPage, VoucherPage};
