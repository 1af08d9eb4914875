"""Values and paths as diagnostics show them: one line each, whatever they hold.

Content and file names come from pull requests, and diagnostics go to a terminal and, in
CI, to GitHub Actions, which reads `::command` lines from the output. So a value in a
message is quoted as Python's `repr` quotes text (`quote`), a path is shown with every
character that is not printable escaped the same way (`printable`: newline as `\\n`, ESC
as `\\x1b`, a bidi control as `\\u202e`), and an annotation escapes its data and properties
as the Actions toolkit does (`github_data`, `github_property`; the rules are those of
`escapeData` / `escapeProperty` in actions/toolkit, packages/core/src/command.ts).
"""

from __future__ import annotations


def quote(value: object) -> str:
    """`value` as text between quotes, with quotes, backslashes and every character that is
    not printable (`str.isprintable`: controls, line and paragraph separators, format
    characters such as bidi controls, non-characters) escaped as `repr` escapes them."""
    return repr(str(value))


def printable(text: str) -> str:
    """`text` unquoted, with each character that is not printable escaped as in `quote`
    (a backslash stays as it is: a path's own backslashes are not an escape)."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def github_data(text: str) -> str:
    """The message of a workflow command: `%`, CR and LF as %25, %0D, %0A."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(text: str) -> str:
    """A property value of a workflow command (`file=...`): as data, and `:` and `,` as
    %3A and %2C, so that a value cannot end the properties or add one."""
    return github_data(text).replace(":", "%3A").replace(",", "%2C")
