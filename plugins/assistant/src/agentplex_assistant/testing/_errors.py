"""Errors answered in the OpenAI error shape."""

from __future__ import annotations

from starlette.responses import JSONResponse


class ApiError(Exception):
    """An error the server answers as `{"error": {message, type, param, code}}`."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        type: str = "invalid_request_error",
        param: str | None = None,
        code: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.type = type
        self.param = param
        self.code = code

    def response(self) -> JSONResponse:
        """The HTTP response for this error."""
        body = {
            "error": {
                "message": self.message,
                "type": self.type,
                "param": self.param,
                "code": self.code,
            }
        }
        return JSONResponse(body, status_code=self.status)


def not_found(kind: str, object_id: str) -> ApiError:
    """The 404 the API gives for an unknown id, e.g. "No thread found with id 'x'."."""
    return ApiError(404, f"No {kind} found with id '{object_id}'.")


def bad_request(message: str, param: str | None = None) -> ApiError:
    """A 400 `invalid_request_error`."""
    return ApiError(400, message, param=param)
