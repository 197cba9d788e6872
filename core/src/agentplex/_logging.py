"""Names of the loggers agentplex writes to."""

EVENT_LOGGER_NAME = "agentplex.events"
"""Structured events: model calls, tool calls, messages (``logging`` extra ``event``)."""
TRACE_LOGGER_NAME = "agentplex.trace"
"""Human-readable debugging traces."""
