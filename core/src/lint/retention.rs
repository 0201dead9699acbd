//! Retention by reference: a notice that answers "how long?" with a schedule that is not part
//! of the notice (nor of the policy set) gives the reader no period, and the engine none to
//! compute a disposal date from.

use super::{finding, Finding, Severity};
use crate::model::PolicySet;

/// `schedule-unavailable`: a `[[retention]]` that names a schedule and gives no period.
pub fn schedule_unavailable(set: &PolicySet, out: &mut Vec<Finding>) {
    for r in set.retentions.iter().filter(|r| r.periods.is_empty()) {
        let Some(schedule) = &r.schedule else { continue };
        let mut f = finding(
            set,
            "schedule-unavailable",
            Severity::Warning,
            r.notice,
            format!("retention by reference to \"{schedule}\", which is not available"),
            format!(
                "Retention `{}` names the schedule \"{schedule}\" but no period: the schedule is not part of the notice, so a reader cannot learn how long the data is kept (UK GDPR Article 13(2)(a)) and retention questions get `not_stated` with the schedule's name.",
                r.id
            ),
        );
        f.location = r.location.clone();
        f.ids.push(r.id.clone());
        f.quotes.push(r.quote.clone());
        out.push(f);
    }
}
