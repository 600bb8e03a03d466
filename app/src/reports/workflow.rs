//! The review workflow of a report, as a pure function:
//!
//! ```text
//! draft ──submit──▶ submitted ──publish──▶ published ──unpublish──▶ unpublished
//!   ▲                 │   ▲                    │                        │
//!   │      request_changes│ submit             │ edit (new working copy) │ republish
//!   │                 ▼   │                    ▼                        ▼
//!   └──── edit ── changes_requested        draft … submit … publish = new revision
//! any editor state ──archive──▶ archived
//! ```
//!
//! Writers edit and submit their own reports; editors request changes (with
//! a comment), publish, unpublish, republish and archive. A published report
//! never changes in place: publishing again makes a new revision.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Status {
    Draft,
    Submitted,
    ChangesRequested,
    Published,
    Unpublished,
    Archived,
}

impl Status {
    pub const ALL: [Status; 6] =
        [Status::Draft, Status::Submitted, Status::ChangesRequested, Status::Published, Status::Unpublished, Status::Archived];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::Submitted => "submitted",
            Status::ChangesRequested => "changes_requested",
            Status::Published => "published",
            Status::Unpublished => "unpublished",
            Status::Archived => "archived",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Action {
    /// The writer saves the working copy.
    Edit,
    Submit,
    RequestChanges,
    Publish,
    Unpublish,
    Republish,
    Archive,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Edit => "edit",
            Action::Submit => "submit",
            Action::RequestChanges => "request_changes",
            Action::Publish => "publish",
            Action::Unpublish => "unpublish",
            Action::Republish => "republish",
            Action::Archive => "archive",
        }
    }

    pub fn parse(s: &str) -> Option<Action> {
        [Action::Edit, Action::Submit, Action::RequestChanges, Action::Publish, Action::Unpublish, Action::Republish, Action::Archive]
            .into_iter()
            .find(|a| a.as_str() == s)
    }
}

/// Who acts on the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Actor {
    Author,
    Editor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum WorkflowError {
    /// This action does not apply in this state.
    NotNow,
    /// Only the author (or only an editor) may do this.
    NotYours,
    /// Changes can only be requested with a comment saying what to change.
    CommentNeeded,
}

/// The state after `actor` does `action` to a report in `from`.
pub fn next(from: Status, action: Action, actor: Actor, comment: &str) -> Result<Status, WorkflowError> {
    use Action as A;
    use Status as S;
    let needs = |who: Actor| if actor == who { Ok(()) } else { Err(WorkflowError::NotYours) };
    match action {
        A::Edit => {
            needs(Actor::Author)?;
            match from {
                S::Draft | S::ChangesRequested => Ok(from),
                // a new working copy of a published text; the public version stays
                S::Published | S::Unpublished => Ok(S::Draft),
                S::Submitted | S::Archived => Err(WorkflowError::NotNow),
            }
        }
        A::Submit => {
            needs(Actor::Author)?;
            match from {
                S::Draft | S::ChangesRequested => Ok(S::Submitted),
                _ => Err(WorkflowError::NotNow),
            }
        }
        A::RequestChanges => {
            needs(Actor::Editor)?;
            if comment.trim().is_empty() {
                return Err(WorkflowError::CommentNeeded);
            }
            match from {
                S::Submitted => Ok(S::ChangesRequested),
                _ => Err(WorkflowError::NotNow),
            }
        }
        A::Publish => {
            needs(Actor::Editor)?;
            match from {
                S::Submitted => Ok(S::Published),
                _ => Err(WorkflowError::NotNow),
            }
        }
        A::Unpublish => {
            needs(Actor::Editor)?;
            match from {
                S::Published => Ok(S::Unpublished),
                _ => Err(WorkflowError::NotNow),
            }
        }
        A::Republish => {
            needs(Actor::Editor)?;
            match from {
                S::Unpublished => Ok(S::Published),
                _ => Err(WorkflowError::NotNow),
            }
        }
        A::Archive => {
            needs(Actor::Editor)?;
            match from {
                S::Archived => Err(WorkflowError::NotNow),
                _ => Ok(S::Archived),
            }
        }
    }
}

/// Whether the public sees a published revision after `action` (given
/// whether it did before).
pub fn public_after(action: Action, was_public: bool) -> bool {
    match action {
        Action::Publish | Action::Republish => true,
        Action::Unpublish | Action::Archive => false,
        _ => was_public,
    }
}

/// A status in the reader's language (the badges of the writer's list and the review queue).
pub fn status_label(locale: crate::i18n::Locale, s: Status) -> &'static str {
    match s {
        Status::Draft => crate::i18n::td_string!(locale, reports.status_draft),
        Status::Submitted => crate::i18n::td_string!(locale, reports.status_submitted),
        Status::ChangesRequested => crate::i18n::td_string!(locale, reports.status_changes_requested),
        Status::Published => crate::i18n::td_string!(locale, reports.status_published),
        Status::Unpublished => crate::i18n::td_string!(locale, reports.status_unpublished),
        Status::Archived => crate::i18n::td_string!(locale, reports.status_archived),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action as A;
    use Actor::*;
    use Status as S;

    #[test]
    fn the_happy_path_with_one_round_of_changes() {
        let s = next(S::Draft, A::Submit, Author, "").unwrap();
        let s = next(s, A::RequestChanges, Editor, "写真の説明を足してください").unwrap();
        assert_eq!(s, S::ChangesRequested);
        let s = next(s, A::Edit, Author, "").unwrap();
        let s = next(s, A::Submit, Author, "").unwrap();
        let s = next(s, A::Publish, Editor, "").unwrap();
        assert_eq!(s, S::Published);
        // editing a published report starts a new working copy
        assert_eq!(next(s, A::Edit, Author, ""), Ok(S::Draft));
    }

    #[test]
    fn who_may_do_what() {
        assert_eq!(next(S::Submitted, A::Publish, Author, ""), Err(WorkflowError::NotYours));
        assert_eq!(next(S::Draft, A::Submit, Editor, ""), Err(WorkflowError::NotYours));
        assert_eq!(next(S::Submitted, A::RequestChanges, Editor, "  "), Err(WorkflowError::CommentNeeded));
    }

    #[test]
    fn no_action_applies_everywhere() {
        assert_eq!(next(S::Draft, A::Publish, Editor, ""), Err(WorkflowError::NotNow), "drafts are not published unseen");
        assert_eq!(next(S::Submitted, A::Edit, Author, ""), Err(WorkflowError::NotNow), "under review: wait");
        assert_eq!(next(S::Archived, A::Edit, Author, ""), Err(WorkflowError::NotNow));
        assert_eq!(next(S::Published, A::Submit, Author, ""), Err(WorkflowError::NotNow));
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }

    #[test]
    fn visibility() {
        assert!(public_after(A::Publish, false));
        assert!(!public_after(A::Unpublish, true));
        assert!(public_after(A::Edit, true), "a new draft leaves the public version up");
        assert!(!public_after(A::Archive, true));
    }
}
