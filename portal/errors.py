"""Errors that services raise for the caller to show: a machine code, a Dutch message, and the field at fault."""


class ServiceError(Exception):
    status = 422

    def __init__(self, code: str, message: str, field: str | None = None, status: int | None = None):
        super().__init__(message)
        self.code, self.message, self.field = code, message, field
        if status is not None:
            self.status = status

    def as_dict(self) -> dict:
        body = {"error": self.code, "message": self.message}
        if self.field:
            body["field"] = self.field
        return body


def parse_code(enum_cls, value, field: str, message: str = "Kies een waarde uit de lijst.", *, required: bool = True):
    """The member of a code list that a form or JSON value names (a member passes as itself); otherwise a
    `waarde_onbekend` error on `field` with `message`. Empty is None when the field is not required."""
    if value in (None, "") and not required:
        return None
    try:
        return enum_cls(getattr(value, "value", value))
    except ValueError:
        raise ServiceError("waarde_onbekend", message, field) from None
