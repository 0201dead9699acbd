//! Batches: many questions with names resolved once per distinct set of names.
//!
//! An export gate asks the same service, category and recipient for thousands of rows that
//! differ only in their facts. Resolving names is most of a question's cost, so a batch
//! resolves each distinct set of names once and only resolves facts and the date per
//! question. The answers are exactly those of `Engine::decide`, question by question.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::date::Date;
use crate::decision::{Decision, QuestionError};
use crate::engine::Engine;
use crate::eval::Resolved;
use crate::kind::{DecidedBy, Kind};
use crate::question::{Ask, Question};

type Names<'a> = (Option<Ask>, [Option<Cow<'a, str>>; 9]);

impl Engine {
    /// Answers every question, as `decide` would, resolving each distinct set of names once.
    pub fn decide_many(&self, questions: &[Question<'_>]) -> Vec<Result<Decision, QuestionError>> {
        let mut resolved: HashMap<Names<'_>, Result<Resolved, QuestionError>> = HashMap::new();
        let today = Date::today();
        questions
            .iter()
            .map(|q| {
                if q.ask.is_some_and(|ask| Kind::of(ask).decided_by != DecidedBy::Cell) {
                    return self.decide(q);
                }
                let key: Names<'_> = (
                    q.ask,
                    [
                        q.notice.clone(),
                        q.service.clone(),
                        q.category.clone(),
                        q.recipient.clone(),
                        q.basis.clone(),
                        q.purpose.clone(),
                        q.country.clone(),
                        q.record.clone(),
                        q.right.clone(),
                    ],
                );
                let names = resolved.entry(key).or_insert_with(|| {
                    // Names only: facts are resolved per question below.
                    let bare = Question { id: None, as_of: None, facts: Default::default(), ..q.clone() };
                    self.resolve(&bare)
                });
                let mut r = names.clone()?;
                r.facts = self.facts(&self.resolve_facts(q)?);
                r.as_of = q.as_of.unwrap_or(today);
                let outcome = self.evaluate(&r);
                Ok(self.decision(q, &r, &outcome))
            })
            .collect()
    }
}
