"""Request out, answer back: a window and a department through a real hub."""

from __future__ import annotations

from hubkit import (
    Hub,
    answer_change,
    case_change,
    dept_code,
    own,
    pull_all,
    request_change,
    window_code,
)

from app.sync.wire import DeviceKind, Outcome


def test_request_reaches_the_department_and_the_answer_the_window(hub: Hub) -> None:
    window, department = window_code(), dept_code()
    w_token = hub.enrol(DeviceKind.WINDOW, window)
    d_token = hub.enrol(DeviceKind.DEPARTMENT, department)
    case = case_change(window)
    request = request_change(case, department)
    with hub.client(w_token) as w, hub.client(d_token) as d:
        results = w.push([case, request]).results
        assert [r.outcome for r in results] == [Outcome.STORED, Outcome.STORED]
        inbox, d_cursor = pull_all(d)
        assert [c.record_id for c in inbox] == [request.record_id]
        assert inbox[0] == request  # exactly what the window sent, subject ID included
        answer = answer_change(request.record_id, "confirmed", "属实")
        assert d.push([answer]).results[0].outcome is Outcome.STORED
        answers, w_cursor = pull_all(w)
        assert answers == [answer]
        # nothing new: the cursors have moved past everything
        assert own(w.pull(w_cursor).changes) == []
        assert own(d.pull(d_cursor).changes) == []
