"""CancellationToken: callbacks and linked futures, from the loop and from other threads."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import Future

import pytest

from agentplex import CancellationToken


def test_callbacks_run_once_on_cancel() -> None:
    token = CancellationToken()
    calls: list[str] = []
    token.add_callback(lambda: calls.append("first"))
    token.add_callback(lambda: calls.append("second"))
    assert not token.is_cancelled()
    assert calls == []

    token.cancel()
    token.cancel()

    assert token.is_cancelled()
    assert calls == ["first", "second"]


def test_callback_added_after_cancel_runs_at_once() -> None:
    token = CancellationToken()
    token.cancel()
    calls: list[int] = []
    token.add_callback(lambda: calls.append(1))
    assert calls == [1]


async def test_linked_asyncio_future_is_cancelled_at_once() -> None:
    token = CancellationToken()
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    assert token.link_future(future) is future

    token.cancel()

    assert future.cancelled()


async def test_linking_after_cancel_cancels_at_once() -> None:
    token = CancellationToken()
    token.cancel()
    future: asyncio.Future[int] = asyncio.get_running_loop().create_future()
    token.link_future(future)
    assert future.cancelled()


async def test_cancel_from_another_thread_cancels_the_awaited_task() -> None:
    token = CancellationToken()
    task = asyncio.ensure_future(asyncio.sleep(30))
    token.link_future(task)
    thread = threading.Thread(target=token.cancel)

    thread.start()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=5)
    thread.join()

    assert task.cancelled()


def test_linked_concurrent_future_is_cancelled() -> None:
    token = CancellationToken()
    future: Future[int] = Future()
    token.link_future(future)
    token.cancel()
    assert future.cancelled()


def test_completed_future_is_left_alone() -> None:
    token = CancellationToken()
    future: Future[int] = Future()
    future.set_result(7)
    token.link_future(future)
    token.cancel()
    assert future.result() == 7


async def test_finished_linked_futures_are_forgotten() -> None:
    token = CancellationToken()
    for _ in range(100):
        await token.link_future(asyncio.ensure_future(asyncio.sleep(0)))
    assert len(token._callbacks) == 0
