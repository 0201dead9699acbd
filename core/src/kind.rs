//! The kinds of question: for each, the fields it takes, how it is decided, and what the
//! slots of its `Resolved` hold.
//!
//! One table, read wherever a kind makes a difference: `Engine::resolve` (names to ids),
//! `Engine::resolved` and `Engine::check_ids` below (ids a caller already holds, checked:
//! the C typed path, peers),
//! and the dispatch of `Engine::decide`, `Engine::ask_json_on` and `decide_many`. A new kind
//! is a row here first (ARCHITECTURE.md, "A question kind").

use crate::compile::NO_CATEGORY;
use crate::date::Date;
use crate::engine::Engine;
use crate::error::{ErrorCode, QuestionError};
use crate::eval::{Facts, Resolved};
use crate::model::Action;
use crate::question::Ask;
use crate::syntax::VocabKind;

/// How a kind of question is answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DecidedBy {
    /// The first applicable rule of the question's cell (`eval`).
    Cell,
    /// The most specific `[[retention]]` rule (`retention`).
    Retention,
    /// Right by right: the notice's rules, then the law's default (`rights`).
    Rights,
}

/// What an object slot holds when its field is left out.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeftOut {
    /// Nothing: the field is required.
    Required,
    /// Entry 0 (a rights question without a right is answered right by right).
    First,
    /// The country the filter's recipient is located in (`located_in`), else required.
    RecipientCountry,
}

/// A slot of `Resolved` that holds a vocabulary entry, and the question field naming it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub vocab: VocabKind,
    pub field: &'static str,
}

/// One kind of question.
#[derive(Clone, Copy, Debug)]
pub struct Kind {
    pub ask: Ask,
    /// The rules' action whose cells decide it (`None`: retention, which has its own rules).
    pub action: Option<Action>,
    pub decided_by: DecidedBy,
    /// The named fields it takes besides `notice`, `service`, `as_of` and `facts`; any other
    /// is an error, so a caller never believes a field was weighed when it was not.
    pub takes: &'static [&'static str],
    /// Whether `category` is required (when taken and left out: `NO_CATEGORY`).
    pub category_required: bool,
    /// `Resolved::object` (`None`: always 0), and what it holds when its field is left out.
    pub object: Option<(Slot, LeftOut)>,
    /// `Resolved::filter`, optional.
    pub filter: Option<Slot>,
}

const RECIPIENT: Slot = Slot { vocab: VocabKind::Recipient, field: "recipient" };
const PURPOSE: Slot = Slot { vocab: VocabKind::Purpose, field: "purpose" };
const COUNTRY: Slot = Slot { vocab: VocabKind::Country, field: "country" };
const RIGHT: Slot = Slot { vocab: VocabKind::Right, field: "right" };

/// Every kind, in `Ask::ALL`'s order.
pub const KINDS: [Kind; 7] = [
    Kind {
        ask: Ask::Share,
        action: Some(Action::Share),
        decided_by: DecidedBy::Cell,
        takes: &["category", "recipient", "purpose", "basis"],
        category_required: true,
        object: Some((RECIPIENT, LeftOut::Required)),
        filter: Some(PURPOSE),
    },
    Kind {
        ask: Ask::Collect,
        action: Some(Action::Collect),
        decided_by: DecidedBy::Cell,
        takes: &["category", "basis"],
        category_required: true,
        object: None,
        filter: None,
    },
    Kind {
        ask: Ask::Use,
        action: Some(Action::Use),
        decided_by: DecidedBy::Cell,
        takes: &["category", "purpose", "basis"],
        category_required: true,
        object: Some((PURPOSE, LeftOut::Required)),
        filter: None,
    },
    Kind {
        ask: Ask::Transfer,
        action: Some(Action::Transfer),
        decided_by: DecidedBy::Cell,
        takes: &["category", "recipient", "country", "basis"],
        category_required: true,
        // An explicit `country` wins over the recipient's usual location: a recipient may
        // also receive data elsewhere, as the question then says.
        object: Some((COUNTRY, LeftOut::RecipientCountry)),
        filter: Some(RECIPIENT),
    },
    Kind {
        ask: Ask::Retention,
        action: None,
        decided_by: DecidedBy::Retention,
        takes: &["record"],
        category_required: false,
        object: None,
        filter: None,
    },
    Kind {
        ask: Ask::AutomatedDecision,
        action: Some(Action::AutomatedDecision),
        decided_by: DecidedBy::Cell,
        takes: &["category", "basis"],
        category_required: true,
        object: None,
        filter: None,
    },
    Kind {
        ask: Ask::Rights,
        action: Some(Action::Rights),
        decided_by: DecidedBy::Rights,
        takes: &["category", "right", "basis"],
        category_required: false,
        object: Some((RIGHT, LeftOut::First)),
        filter: None,
    },
];

impl Kind {
    /// The row of a kind of question.
    #[inline]
    pub fn of(ask: Ask) -> &'static Kind {
        // `KINDS` is in `Ask`'s declaration order (the test below holds it there).
        &KINDS[ask as usize]
    }

    /// The row of the kind a rule action answers.
    #[inline]
    pub fn of_action(action: Action) -> &'static Kind {
        match action {
            Action::Share => Kind::of(Ask::Share),
            Action::Collect => Kind::of(Ask::Collect),
            Action::Use => Kind::of(Ask::Use),
            Action::Transfer => Kind::of(Ask::Transfer),
            Action::AutomatedDecision => Kind::of(Ask::AutomatedDecision),
            Action::Rights => Kind::of(Ask::Rights),
        }
    }

    /// Whether the kind takes a named field.
    #[inline]
    pub fn takes(&self, field: &str) -> bool {
        self.takes.contains(&field)
    }
}

/// A question's slots by ids a caller already holds (resolved once through `Engine::lookup`),
/// for `Engine::check_ids`. `None` leaves a slot out; `category` may be `NO_CATEGORY` where
/// the kind does not require one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ids {
    pub action: Action,
    pub activity: u32,
    pub category: u32,
    pub object: Option<u32>,
    pub filter: Option<u32>,
    pub basis: Option<u32>,
}

/// Slots checked against an engine and the kind's table, as `Resolved` holds them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Checked {
    action: Action,
    activity: u32,
    object: u32,
    category: u32,
    filter: Option<u32>,
    basis: Option<u32>,
}

impl Checked {
    /// The question, on `as_of`, with the facts stated.
    #[inline(always)]
    pub fn resolved(self, as_of: Date, facts: Facts) -> Resolved {
        let Checked { action, activity, object, category, filter, basis } = self;
        Resolved { action, activity, object, category, filter, basis, as_of, facts }
    }
}

impl Engine {
    /// A `Resolved` from ids, each checked against this engine and the kind's table: what
    /// `resolve` builds from names, for callers that hold ids. An id out of range, a slot the
    /// kind has no use for, or a required slot left out is an `invalid_field` or
    /// `missing_field` error naming the field; a transfer without a country takes the
    /// recipient's, as `resolve` does.
    #[inline(always)]
    pub fn resolved(&self, ids: Ids, as_of: Date, facts: Facts) -> Result<Resolved, QuestionError> {
        Ok(self.check_ids(ids)?.resolved(as_of, facts))
    }

    /// `resolved`'s checks alone, for a hot path that packs its facts after them: the slots
    /// are small, so the facts move once, into the final `Resolved`.
    #[inline(always)]
    pub fn check_ids(&self, ids: Ids) -> Result<Checked, QuestionError> {
        // Inlined into each typed call (the C fast path), where the kind is a constant and the
        // table folds away; every error is worded out of line.
        let kind = Kind::of_action(ids.action);
        let set = self.policy();
        // The slot by reference: the error path reads it, the check itself never copies it.
        let check = |slot: &'static Slot, id: u32| -> Result<u32, QuestionError> {
            if (id as usize) < set.vocab.table(slot.vocab).entries.len() {
                Ok(id)
            } else {
                Err(not_an_id(slot, id))
            }
        };
        if (ids.activity as usize) >= set.activities.len() {
            return Err(not_a_service(ids.activity));
        }
        let category = match ids.category {
            NO_CATEGORY if !kind.category_required => NO_CATEGORY,
            id => check(&CATEGORY, id)?,
        };
        let filter = match (kind.filter.as_ref(), ids.filter) {
            (_, None) => None,
            (Some(slot), Some(id)) => Some(check(slot, id)?),
            (None, Some(_)) => return Err(not_taken(kind, "filter")),
        };
        let object = match (kind.object.as_ref(), ids.object) {
            (None, None) => 0,
            (None, Some(_)) => return Err(not_taken(kind, "object")),
            (Some((slot, _)), Some(id)) => check(slot, id)?,
            (Some((slot, left_out)), None) => match *left_out {
                LeftOut::First => 0,
                LeftOut::RecipientCountry => match filter.and_then(|r| set.vocab.entry(VocabKind::Recipient, r).located_in) {
                    Some(country) => country,
                    None => return Err(missing(kind, *slot)),
                },
                LeftOut::Required => return Err(missing(kind, *slot)),
            },
        };
        let basis = match ids.basis {
            Some(id) => Some(check(&BASIS, id)?),
            None => None,
        };
        Ok(Checked { action: ids.action, activity: ids.activity, object, category, filter, basis })
    }
}

const CATEGORY: Slot = Slot { vocab: VocabKind::Category, field: "category" };
const BASIS: Slot = Slot { vocab: VocabKind::Basis, field: "basis" };

#[cold]
#[inline(never)]
fn not_an_id(slot: &Slot, id: u32) -> QuestionError {
    QuestionError::new(ErrorCode::InvalidField, Some(slot.field), format!("`{}` {id} is not a {} id of this engine", slot.field, slot.vocab.name()))
}

#[cold]
#[inline(never)]
fn not_a_service(id: u32) -> QuestionError {
    QuestionError::new(ErrorCode::InvalidField, Some("service"), format!("`service` {id} is not a service id of this engine"))
}

#[cold]
#[inline(never)]
fn not_taken(kind: &Kind, slot: &str) -> QuestionError {
    QuestionError::new(ErrorCode::InvalidField, None, format!("{} questions have no {slot}", kind.ask.name()))
}

#[cold]
#[inline(never)]
fn missing(kind: &Kind, slot: Slot) -> QuestionError {
    let message = match kind.object {
        Some((_, LeftOut::RecipientCountry)) => format!("{} questions need `{}`, or a `recipient` whose country the policies know", kind.ask.name(), slot.field),
        _ => format!("{} questions need `{}`", kind.ask.name(), slot.field),
    };
    QuestionError::new(ErrorCode::MissingField, Some(slot.field), message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_has_one_row_per_kind_in_ask_order() {
        for (row, ask) in KINDS.iter().zip(Ask::ALL) {
            assert_eq!(row.ask, ask);
            assert_eq!(Kind::of(ask).ask, ask);
        }
        for action in Action::ALL {
            assert_eq!(Kind::of_action(action).action, Some(action));
        }
    }

    #[test]
    fn slots_hold_what_the_rules_action_names() {
        for row in KINDS {
            let Some(action) = row.action else { continue };
            assert_eq!(row.object.map(|(slot, _)| slot.vocab), action.object_kind(), "{:?}", row.ask);
            assert_eq!(row.filter.map(|slot| slot.vocab), action.filter_kind(), "{:?}", row.ask);
            for slot in row.object.map(|(slot, _)| slot).into_iter().chain(row.filter) {
                assert!(row.takes(slot.field), "{:?}", row.ask);
            }
        }
    }
}
