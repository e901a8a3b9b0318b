"""The body parser pauses the garbage collector: threads parsing at once leave it as it was."""

import gc
import threading

import pytest

from smarthook.core.body_check import parse_body
from smarthook.core.webhook import JSON, XML


@pytest.mark.slow
def test_parsing_in_several_threads_leaves_the_collector_on() -> None:
    assert gc.isenabled()
    start = threading.Barrier(4)

    def parse_many(content_type: str) -> None:
        start.wait(timeout=30)
        body = "[[1], [2], [3]]" if content_type == JSON else "<a><b/><c/></a>"
        for _ in range(3000):
            parse_body(body, content_type)

    threads = [threading.Thread(target=parse_many, args=(kind,)) for kind in (JSON, XML) * 2]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    assert gc.isenabled()
