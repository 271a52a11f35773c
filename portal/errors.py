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
