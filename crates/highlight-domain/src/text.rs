//! Free text as the domain keeps it: one normal form, so equal text compares equal.
//!
//! Browsers send a textarea's line breaks as CRLF (the HTML form encoding requires
//! it), JSON clients send LF, text pasted from Word or a PDF brings trailing spaces.
//! Stored as typed, the same words differ byte for byte, and a PID re-baselined
//! without an edit records "Summary of key proposals changed". Every draft's free
//! text goes through [`normalise`] once, in the shared validation helpers, before it
//! becomes a domain value; nothing else in the product needs to think about it.

use std::borrow::Cow;

/// The normal form of a free text:
///
/// - CRLF and a lone CR become LF, and so do a vertical tab, a form feed and the
///   Unicode line and paragraph separators (what Word and PDFs paste for a manual line
///   or page break);
/// - every other control character goes (NUL, escape, bell…), and so do U+FFFE and
///   U+FFFF: no person means one, PostgreSQL refuses NUL in text, and XML 1.0 — what
///   Word documents and spreadsheets are made of — cannot hold any of them. (NUL is
///   refused before it gets here wherever input arrives over HTTP or in a CSV file,
///   with a message naming the field or line; this is the backstop for the rest.)
/// - spaces and tabs at the end of each line are removed;
/// - whitespace around the whole text (blank lines included) is removed.
///
/// Everything else is kept: indentation at the start of a line (an indented list
/// reads as one), blank lines between paragraphs, and the words themselves.
///
/// Why trailing spaces go: nothing in the product gives them meaning (text is shown
/// as plain text with its line breaks, not Markdown, where two trailing spaces are a
/// line break), a person cannot see them in a textarea or the pack, and they are
/// exactly what makes two texts that look the same compare different.
pub fn normalise(text: &str) -> String {
    let unix = clean(text);
    let lines: Vec<&str> = unix.split('\n').map(str::trim_end).collect();
    lines.join("\n").trim().to_owned()
}

/// The characters of [`normalise`] without its trimming: line breaks of every kind
/// become LF, and every character a document cannot hold goes (control characters
/// but LF and tab; U+FFFE and U+FFFF, which XML 1.0 has no place for).
///
/// For writers of documents from text that did not come through [`normalise`] — an
/// issued pack's frozen JSON, a row stored before the normal form existed — so that
/// nothing stored can make a file unreadable. Text that needs no change is borrowed.
pub fn clean(text: &str) -> Cow<'_, str> {
    if text.chars().all(|c| keep(c) == Some(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("\r\n", "\n")
            .chars()
            .filter_map(keep)
            .collect(),
    )
}

/// What one character becomes in the normal form: itself, LF, or nothing.
fn keep(c: char) -> Option<char> {
    match c {
        '\r' | '\u{0b}' | '\u{0c}' | '\u{2028}' | '\u{2029}' => Some('\n'),
        '\n' | '\t' => Some(c),
        c if c.is_control() => None,
        '\u{fffe}' | '\u{ffff}' => None,
        c => Some(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pasted_line_break_is_a_line_break_and_other_control_characters_go() {
        // Arrange: Word's manual line break (vertical tab), a NUL, an escape, a bell.
        let pasted = "Phase 1\u{0b}Phase 2\u{0}\u{1b}[0m\u{7} done\u{2028}Next";

        // Act
        let normal = normalise(pasted);

        // Assert
        assert_eq!(normal, "Phase 1\nPhase 2[0m done\nNext");
    }

    #[test]
    fn the_two_characters_xml_cannot_hold_go_too() {
        // Arrange: U+FFFE and U+FFFF are not characters in XML 1.0, so one in a Word
        // document or a spreadsheet's XML makes the file unreadable.
        let pasted = "Phase\u{fffe} 1\u{ffff}";

        // Act
        let normal = normalise(pasted);

        // Assert
        assert_eq!(normal, "Phase 1");
    }

    #[test]
    fn cleaning_keeps_the_layout_and_only_changes_characters() {
        // Arrange: text stored before the normal form existed (an issued pack, an old row).
        let stored = "  Phase 1\u{0b}Phase 2\u{0}\r\n\u{ffff}Next  ";

        // Act
        let cleaned = clean(stored);

        // Assert
        assert_eq!(cleaned, "  Phase 1\nPhase 2\nNext  ");
        assert!(matches!(
            clean("Nothing to do\n\tindented"),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn crlf_and_a_lone_cr_become_lf() {
        // Arrange
        let from_a_browser = "Phase 1\r\nPhase 2\rPhase 3";

        // Act
        let normal = normalise(from_a_browser);

        // Assert
        assert_eq!(normal, "Phase 1\nPhase 2\nPhase 3");
    }

    #[test]
    fn surrounding_whitespace_and_blank_lines_are_trimmed() {
        assert_eq!(
            normalise("\r\n\r\n  Agree the plan \t\r\n\r\n"),
            "Agree the plan"
        );
    }

    #[test]
    fn trailing_spaces_on_a_line_go_but_indentation_and_paragraphs_stay() {
        // Arrange
        let pasted = "Deliverables:  \r\n  - survey   \r\n\r\nThen build.";

        // Act
        let normal = normalise(pasted);

        // Assert
        assert_eq!(normal, "Deliverables:\n  - survey\n\nThen build.");
    }

    #[test]
    fn text_that_differs_only_in_line_endings_normalises_equal() {
        assert_eq!(
            normalise("Agree a phased programme\r\nof shared services\r\n"),
            normalise("Agree a phased programme\nof shared services")
        );
    }

    #[test]
    fn normalising_twice_changes_nothing() {
        let once = normalise(" a \r\n\r b\t\r\n");
        assert_eq!(normalise(&once), once);
    }
}
