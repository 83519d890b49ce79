"""Small rules about text shared by every app."""


def one_line(text: str) -> str:
    """The text on one line: every run of spaces, tabs and line breaks becomes one space.

    For what must never break a line, such as an email subject (a line break there is a
    header error, and the email is never sent).
    """
    return " ".join(str(text).split())
