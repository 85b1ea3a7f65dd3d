//! Moving annotations onto a text that was edited after it was annotated.
//!
//! Each save stores a copy of the annotated text (see
//! [`crate::project::TextSnapshot`]). When the text changes, a diff of that
//! copy against the new text (in code points) tells where each entity went:
//! entities whose text arrives unchanged move without asking; the others are
//! proposed to the user to confirm, fix or drop ([`Decision`]). Without a
//! copy, each entity's stored text is searched near its old place.
//! Relations follow their entities; nothing is written until the user's
//! decisions are applied, and nothing is dropped unless a decision says so.

mod apply;
mod document;
mod offset_map;
mod plan;
mod search;

pub use apply::{ApplyError, Decision, Reanchored};
pub use document::{DocumentReanchor, ReanchorError, plan_document};
pub use plan::{Basis, Doubt, EntityPlan, Placement, PlanError, ReanchorPlan, is_placeable_change};
