//! Self-assessment questionnaires and their answers (seeds 000, 001, 004).
//!
//! Partnerships rate themselves against numbered questions grouped under headings;
//! each question describes what RED, AMBER and GREEN look like. An answer gives a
//! rating — split ratings such as AMBER/GREEN are real — with evidence of current
//! practice, and leads to improvement actions (recorded like board actions).

use crate::board::BoardAction;
use crate::rag::Rag;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// What RED, AMBER and GREEN look like for one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RagDescriptors {
    /// The RED response.
    pub red: String,
    /// The AMBER response.
    pub amber: String,
    /// The GREEN response.
    pub green: String,
}

/// A numbered question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// "1", "4.2"…
    pub number: String,
    /// The question.
    pub text: String,
    /// The descriptors.
    pub descriptors: RagDescriptors,
}

/// Questions under a heading ("Hallmark 1: …").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionSection {
    /// The heading.
    pub heading: String,
    /// Its questions, in order.
    pub questions: Vec<Question>,
}

/// A questionnaire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questionnaire {
    /// Its title.
    pub title: String,
    /// Its sections, in order.
    pub sections: Vec<QuestionSection>,
}

impl Questionnaire {
    /// Finds a question by number.
    pub fn question(&self, number: &str) -> Option<&Question> {
        self.sections
            .iter()
            .flat_map(|s| s.questions.iter())
            .find(|q| q.number == number)
    }
}

/// A rating, possibly split between two adjacent colours ("AMBER/GREEN").
/// Serialised as text: "amber", "amber/green".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct SplitRating {
    /// The first (or only) colour.
    pub from: Rag,
    /// The second colour of a split rating.
    pub to: Option<Rag>,
}

/// Why a text is not a rating.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, thiserror::Error)]
#[error("\"{0}\" is not a rating: write RED, AMBER or GREEN, or a split such as AMBER/GREEN")]
pub struct SplitRatingError(pub String);

impl FromStr for SplitRating {
    type Err = SplitRatingError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let err = || SplitRatingError(text.trim().to_owned());
        let mut parts = text.split('/').map(str::trim);
        let from: Rag = parts.next().ok_or_else(err)?.parse().map_err(|_| err())?;
        let to = match parts.next() {
            None => None,
            Some(p) => Some(p.parse::<Rag>().map_err(|_| err())?),
        };
        if parts.next().is_some() || to == Some(from) {
            return Err(err());
        }
        Ok(SplitRating { from, to })
    }
}

impl fmt::Display for SplitRating {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.to {
            None => f.write_str(self.from.as_str()),
            Some(to) => write!(f, "{}/{}", self.from.as_str(), to.as_str()),
        }
    }
}

impl TryFrom<String> for SplitRating {
    type Error = SplitRatingError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        value.parse()
    }
}

impl From<SplitRating> for String {
    fn from(r: SplitRating) -> String {
        r.to_string()
    }
}

impl SplitRating {
    /// The worse of the two colours, for summaries.
    pub fn worst(&self) -> Rag {
        self.to.map_or(self.from, |to| self.from.worst(to))
    }
}

/// The answer to one question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuestionAnswer {
    /// Which question.
    pub question_number: String,
    /// The rating, if given.
    pub rating: Option<SplitRating>,
    /// Evidence of current practice.
    pub evidence: Option<String>,
    /// Improvement actions agreed from it.
    pub improvement_actions: Vec<BoardAction>,
}

/// One completed self-assessment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelfAssessment {
    /// The questionnaire's title.
    pub questionnaire_title: String,
    /// When it was assessed.
    pub assessed_on: chrono::NaiveDate,
    /// The answers.
    pub answers: Vec<QuestionAnswer>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_ratings_from_the_seed() {
        let r: SplitRating = "AMBER/GREEN".parse().unwrap();
        assert_eq!(
            r,
            SplitRating {
                from: Rag::Amber,
                to: Some(Rag::Green)
            }
        );
        assert_eq!(r.to_string(), "amber/green");
        assert_eq!(r.worst(), Rag::Amber);
        assert_eq!("Red".parse::<SplitRating>().unwrap().to_string(), "red");
        for bad in ["", "AMBER/AMBER", "red/amber/green", "blue"] {
            assert!(bad.parse::<SplitRating>().is_err(), "{bad:?}");
        }
        assert_eq!(serde_json::to_string(&r).unwrap(), "\"amber/green\"");
    }

    #[test]
    fn questions_are_found_by_number() {
        let q = Questionnaire {
            title: "Overview & Scrutiny and the LSP".into(),
            sections: vec![QuestionSection {
                heading: "Accountability".into(),
                questions: vec![Question {
                    number: "1".into(),
                    text: "How well do elected members communicate back?".into(),
                    descriptors: RagDescriptors {
                        red: "Limited".into(),
                        amber: "Some".into(),
                        green: "Good".into(),
                    },
                }],
            }],
        };
        assert!(q.question("1").is_some());
        assert!(q.question("2").is_none());
    }
}
