//! Parse, don't validate: the input types every boundary (forms, imports,
//! APIs) parses into. A value of one of these types is valid by construction.
//! A failed parse is a [`Problem`], shown next to its field in the person's
//! language (see [`Problem::message`]).
mod problem;
mod text;

pub use problem::{FieldError, Problem};
pub use text::{to_half_width as text_half_width, Email, GeoPoint, Phone, PlainText, WebUrl};
