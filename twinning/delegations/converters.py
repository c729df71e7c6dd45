"""The shape of the secret addresses (calendar feeds, vCards) in URL patterns.

Anything else (a NUL byte, non-ASCII, an over-long string) is 404 before it reaches a
query: PostgreSQL refuses NUL in text and would make it a server error.
"""


class TokenConverter:
    # secrets.token_urlsafe's alphabet; the columns hold at most 64 characters.
    regex = "[A-Za-z0-9_-]{1,64}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
