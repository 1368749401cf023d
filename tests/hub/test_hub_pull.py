"""Pull: pages after a cursor, none skipped or repeated; every device of a department reads."""

from __future__ import annotations

from hubkit import Hub, case_change, dept_code, own, pull_all, request_change, window_code

from app.sync.wire import AnyChange, DeviceKind


def test_pages_cover_the_feed_exactly_once(hub: Hub) -> None:
    department = dept_code()
    first_desk = hub.client(hub.enrol(DeviceKind.DEPARTMENT, department))
    sent: list[AnyChange] = []
    for _ in range(3):  # three windows, each with a batch of requests to the same department
        window = window_code()
        case = case_change(window)
        batch = [case] + [request_change(case, department) for _ in range(80)]
        with hub.client(hub.enrol(DeviceKind.WINDOW, window)) as w:
            assert all(r.acknowledged for r in w.push(batch).results)
        sent.extend(batch[1:])

    pages = []
    cursor = None
    while True:
        page = first_desk.pull(cursor, limit=37)
        pages.append(page)
        cursor = page.cursor
        if not page.more:
            break
    received = own([c for page in pages for c in page.changes])
    assert [c.change_id for c in received] == [c.change_id for c in sent]  # in feed order
    assert all(len(page.changes) == 37 for page in pages[:-1])
    assert own(first_desk.pull(cursor).changes) == []  # caught up
    assert first_desk.pull(cursor).cursor == cursor

    # a cursor is a position: pulling again from an old one gives the same changes again
    # (the client applies them idempotently), never others
    middle = pages[2].cursor
    again, _ = pull_all(first_desk, middle, limit=100)
    assert [c.change_id for c in again] == [c.change_id for c in received[3 * 37 :]]

    # a second device of the same department reads the same feed from the start
    with hub.client(hub.enrol(DeviceKind.DEPARTMENT, department)) as second_desk:
        everything, _ = pull_all(second_desk, limit=1000)
    assert everything == received
    first_desk.close()

    # the same cursor keeps working as new changes arrive
    window = window_code()
    case = case_change(window)
    late = request_change(case, department)
    with hub.client(hub.enrol(DeviceKind.WINDOW, window)) as w:
        w.push([case, late])
    with hub.client(hub.enrol(DeviceKind.DEPARTMENT, department)) as third_desk:
        news, _ = pull_all(third_desk, cursor)
    assert news == [late]
