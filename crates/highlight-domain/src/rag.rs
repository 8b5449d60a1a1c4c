//! Red / amber / green.
//!
//! The board reads a pack by colour: red first. [`Rag`] orders most severe first
//! (`Red < Amber < Green`) so sorting ascending puts red at the top.

use crate::text_enum::text_enum;

text_enum! {
    /// A red / amber / green status. Text forms: "red", "amber", "green".
    pub enum Rag ("RAG status") {
        /// Beyond tolerance: the board must act.
        Red => "red",
        /// Deviating within tolerance, or close to it.
        Amber => "amber",
        /// On plan.
        Green => "green",
    }
}

impl Rag {
    /// The word as printed in a board pack: "RED", "AMBER", "GREEN".
    pub const fn label(self) -> &'static str {
        match self {
            Rag::Red => "RED",
            Rag::Amber => "AMBER",
            Rag::Green => "GREEN",
        }
    }

    /// The worse of two statuses.
    pub fn worst(self, other: Rag) -> Rag {
        self.min(other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_are_stable() {
        assert_eq!(Rag::Red.as_str(), "red");
        assert_eq!("AMBER".parse::<Rag>(), Ok(Rag::Amber));
        assert_eq!(" Green ".parse::<Rag>(), Ok(Rag::Green));
        assert_eq!(serde_json::to_string(&Rag::Amber).unwrap(), "\"amber\"");
    }

    #[test]
    fn an_unknown_colour_says_what_is_accepted() {
        let e = "purple".parse::<Rag>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "\"purple\" is not a valid RAG status: use one of red, amber, green"
        );
    }

    #[test]
    fn red_sorts_first() {
        let mut v = vec![Rag::Green, Rag::Red, Rag::Amber];
        v.sort();
        assert_eq!(v, [Rag::Red, Rag::Amber, Rag::Green]);
        assert_eq!(Rag::Green.worst(Rag::Amber), Rag::Amber);
    }
}
