"""Jupyter comms and the widget protocol (ipywidgets 8, protocol 2.1), through jupyter_client.

Each test plays the front end: it reads the kernel's comm_open/comm_msg/comm_close on IOPub and
sends its own on the shell channel, as JupyterLab's widget manager does.
"""

from __future__ import annotations

import base64
import time
from pathlib import Path
from queue import Empty

import pytest

from harness import KERNEL_NAME, Kernel

pytestmark = pytest.mark.skipif(KERNEL_NAME == "python3", reason="Java widget API")


@pytest.fixture(scope="module")
def k(tmp_path_factory):
    log = tmp_path_factory.mktemp("comms") / "kernel-stderr.txt"
    with open(log, "w") as f:
        kernel = Kernel.start(stderr=f)
    kernel.log = log
    yield kernel
    kernel.stop()


def send(k: Kernel, msg_type: str, content: dict, buffers=None) -> str:
    msg = k.kc.session.msg(msg_type, content=content)
    k.kc.shell_channel.send(msg) if not buffers else k.kc.session.send(
        k.kc.shell_channel.socket, msg, buffers=buffers
    )
    return msg["header"]["msg_id"]


def wait_for(k: Kernel, pred, timeout: float = 30, seen: list | None = None) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            m = k.kc.get_iopub_msg(timeout=0.2)
        except Empty:
            continue
        if seen is not None:
            seen.append(m)
        if pred(m):
            return m
    raise TimeoutError("no such IOPub message")


def idle_of(msg_id: str):
    return lambda m: (
        m["msg_type"] == "status"
        and m["parent_header"].get("msg_id") == msg_id
        and m["content"]["execution_state"] == "idle"
    )


def comm_info(k: Kernel, target: str | None = None) -> dict:
    kw = {"target_name": target} if target else {}
    return k.request("comm_info", **kw)["content"]["comms"]


def widget_opens(result, model: str) -> list[dict]:
    return [
        m for m in result.of_type("comm_open")
        if m["content"]["data"]["state"].get("_model_name") == model
    ]


def test_comm_opened_by_the_vm_messages_both_ways_and_close(k):
    r = k.ok(
        'var got = new java.util.concurrent.CopyOnWriteArrayList<String>();\n'
        'Comm c = Comm.open("crema.test", new com.google.gson.JsonObject());\n'
        'c.onMessage(m -> got.add(m.data().get("x").getAsString()));'
    )
    opened = r.of_type("comm_open")
    assert [m["content"]["target_name"] for m in opened] == ["crema.test"]
    cid = opened[0]["content"]["comm_id"]
    assert comm_info(k, "crema.test") == {cid: {"target_name": "crema.test"}}
    assert cid not in comm_info(k, "jupyter.widget")
    # Front end -> VM, in order.
    ids = [send(k, "comm_msg", {"comm_id": cid, "data": {"x": x}}) for x in "abcde"]
    wait_for(k, idle_of(ids[-1]))
    assert k.value('String.join(",", got)') == 'a,b,c,d,e'
    # VM -> front end.
    r = k.ok('var d = new com.google.gson.JsonObject(); d.addProperty("y", 5); c.send(d);')
    assert [m["content"] for m in r.of_type("comm_msg")] == [{"comm_id": cid, "data": {"y": 5}}]
    r = k.ok("c.close();")
    assert [m["content"]["comm_id"] for m in r.of_type("comm_close")] == [cid]
    assert cid not in comm_info(k)


def test_comm_opened_by_the_front_end(k):
    k.ok(
        'var closedWith = new java.util.concurrent.atomic.AtomicReference<String>("open");\n'
        'Comms.registerTarget("crema.echo", (comm, first) -> {\n'
        '  comm.onMessage(m -> comm.send(m.data()));\n'
        '  comm.onClose(m -> closedWith.set("closed"));\n'
        '  comm.send(first.data());\n'
        '});'
    )
    cid = "frontend-comm-1"
    seen: list = []
    open_id = send(k, "comm_open", {"comm_id": cid, "target_name": "crema.echo", "data": {"hi": 1}})
    wait_for(k, idle_of(open_id), seen=seen)
    echoes = [m["content"]["data"] for m in seen if m["msg_type"] == "comm_msg"]
    assert echoes == [{"hi": 1}]
    assert comm_info(k, "crema.echo") == {cid: {"target_name": "crema.echo"}}
    msg_id = send(k, "comm_msg", {"comm_id": cid, "data": {"n": [1, 2]}})
    echo = wait_for(k, lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == cid)
    assert echo["content"]["data"] == {"n": [1, 2]}
    wait_for(k, idle_of(msg_id))
    close_id = send(k, "comm_close", {"comm_id": cid, "data": {}})
    wait_for(k, idle_of(close_id))
    assert k.value("closedWith.get()") == 'closed'
    assert cid not in comm_info(k)


def test_widget_open_display_and_state_sync(k):
    r = k.ok(
        'IntSlider s = new IntSlider("depth", 0, 10, 3);\n'
        'var changes = new java.util.concurrent.CopyOnWriteArrayList<Integer>();\n'
        's.onChange(changes::add);\n'
        'display(s);'
    )
    [slider] = widget_opens(r, "IntSliderModel")
    c = slider["content"]
    state = c["data"]["state"]
    assert c["target_name"] == "jupyter.widget"
    assert slider["metadata"]["version"] == "2.1.0"
    assert (state["value"], state["min"], state["max"], state["description"]) == (3, 0, 10, "depth")
    assert state["_model_module"] == "@jupyter-widgets/controls"
    assert state["_model_module_version"] == "2.0.0"
    assert state["_view_name"] == "IntSliderView"
    # The layout and style models are opened first and referenced by id.
    opened = {m["content"]["comm_id"]: m for m in r.of_type("comm_open")}
    layout = state["layout"].removeprefix("IPY_MODEL_")
    style = state["style"].removeprefix("IPY_MODEL_")
    assert opened[layout]["content"]["data"]["state"]["_model_name"] == "LayoutModel"
    assert opened[style]["content"]["data"]["state"]["_model_name"] == "SliderStyleModel"
    order = [m["content"]["comm_id"] for m in r.of_type("comm_open")]
    assert order.index(layout) < order.index(c["comm_id"])
    [view] = [m["content"]["data"] for m in r.of_type("display_data")]
    assert view["application/vnd.jupyter.widget-view+json"] == {
        "version_major": 2, "version_minor": 0, "model_id": c["comm_id"]}
    assert r.messages.index(slider) < r.messages.index(r.of_type("display_data")[0])
    cid = c["comm_id"]

    # Browser -> Java: observers run, values are clamped.
    for v in (4, 5, 500):
        last = send(k, "comm_msg", {"comm_id": cid, "data": {
            "method": "update", "state": {"value": v}, "buffer_paths": []}})
    wait_for(k, idle_of(last))
    assert k.value("changes.toString()") == '[4, 5, 10]'
    # Java -> browser: an update message with just the changed key.
    r = k.ok("s.setValue(7);")
    [upd] = [m["content"]["data"] for m in r.of_type("comm_msg") if m["content"]["comm_id"] == cid]
    assert upd == {"method": "update", "state": {"value": 7}, "buffer_paths": []}
    # request_state answers with the full state.
    rid = send(k, "comm_msg", {"comm_id": cid, "data": {"method": "request_state"}})
    full = wait_for(k, lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == cid)
    assert full["content"]["data"]["state"]["value"] == 7
    assert full["content"]["data"]["state"]["_model_name"] == "IntSliderModel"
    wait_for(k, idle_of(rid))

    # The control comm (page reload): every widget's state in one message.
    send(k, "comm_open", {"comm_id": "ctl-1", "target_name": "jupyter.widget.control", "data": {}})
    send(k, "comm_msg", {"comm_id": "ctl-1", "data": {"method": "request_states"}})
    states = wait_for(k, lambda m: m["msg_type"] == "comm_msg" and m["content"]["comm_id"] == "ctl-1")
    data = states["content"]["data"]
    assert data["method"] == "update_states"
    assert data["states"][cid]["model_name"] == "IntSliderModel"
    assert data["states"][cid]["state"]["value"] == 7


def test_callback_runs_while_a_cell_runs(k):
    r = k.ok('FloatSlider lr = new FloatSlider("lr", 0, 1, 0.01, 0.1); display(lr);')
    cid = widget_opens(r, "FloatSliderModel")[0]["content"]["comm_id"]
    code = (
        "long until = System.currentTimeMillis() + 40_000;\n"
        "int steps = 0;\n"
        "while (lr.value() < 0.5 && System.currentTimeMillis() < until) { Thread.sleep(5); steps++; }\n"
        'System.out.println("lr now " + lr.value() + " after " + steps + " steps");'
    )
    msg_id = k.send_execute(code)
    k.wait_busy(msg_id)
    time.sleep(0.5)  # the loop is running
    upd = send(k, "comm_msg", {"comm_id": cid, "data": {
        "method": "update", "state": {"value": 0.75}, "buffer_paths": []}})
    seen: list = []
    wait_for(k, idle_of(upd), seen=seen)
    # The comm message's idle comes while the cell still runs, and busy is restored after it.
    after = wait_for(k, lambda m: m["msg_type"] == "status", timeout=10)
    assert after["content"]["execution_state"] == "busy"
    assert after["parent_header"]["msg_id"] == msg_id
    res = k.collect(msg_id, code)
    assert res.status == "ok", res
    assert "lr now 0.75" in res.stdout
    assert res.seconds < 30


def test_image_bytes_travel_as_a_binary_buffer(k):
    r = k.ok(
        "var bi = new java.awt.image.BufferedImage(8, 6, java.awt.image.BufferedImage.TYPE_INT_RGB);\n"
        "Image img = new Image(); img.show(bi); display(img);"
    )
    [img] = widget_opens(r, "ImageModel")
    assert img["content"]["data"]["buffer_paths"] == [["value"]]
    assert img["buffers"][0][:8] == b"\x89PNG\r\n\x1a\n"
    r = k.ok("bi.setRGB(1, 1, 0xff0000); img.show(bi);")
    upd = [m for m in r.of_type("comm_msg") if m["content"]["comm_id"] == img["content"]["comm_id"]]
    assert upd[-1]["content"]["data"]["buffer_paths"] == [["value"]]
    assert upd[-1]["buffers"][0][:4] == b"\x89PNG"
    assert bytes(upd[-1]["buffers"][0]) != bytes(img["buffers"][0])


def test_output_widget_captures_prints_and_displays(k):
    r = k.ok(
        "Output out = new Output(); display(out);\n"
        'out.capture(() -> { System.out.println("inside"); display(html("<b>bold</b>")); });\n'
        'System.out.println("outside");'
    )
    assert r.stdout == "outside\n"
    [o] = widget_opens(r, "OutputModel")
    last = [m for m in r.of_type("comm_msg") if m["content"]["comm_id"] == o["content"]["comm_id"]][-1]
    outputs = last["content"]["data"]["state"]["outputs"]
    assert outputs[0] == {"output_type": "stream", "name": "stdout", "text": "inside\n"}
    assert outputs[1]["output_type"] == "display_data"
    assert outputs[1]["data"]["text/html"] == "<b>bold</b>"
    assert not [m for m in r.of_type("display_data") if "text/html" in m["content"]["data"]]


def test_link_and_interact(k):
    k.ok(
        'IntSlider a = new IntSlider("a", 0, 10, 1); IntSlider b = new IntSlider("b", 0, 10, 2);\n'
        "Widgets.link(a, b);"
    )
    assert k.value("b.value()") == "1"
    k.ok("a.setValue(6);")
    assert k.value("b.value()") == "6"
    k.ok("b.setValue(2);")
    assert k.value("a.value()") == "2"
    r = k.ok('IntSlider n = new IntSlider("n", 1, 5, 2);\nWidgets.interact(n, x -> "n squared is " + x * x)')
    [out] = widget_opens(r, "OutputModel")
    last = [m for m in r.of_type("comm_open", "comm_msg") if m["content"]["comm_id"] == out["content"]["comm_id"]][-1]
    assert "n squared is 4" in str(last["content"]["data"]["state"]["outputs"])
    assert widget_opens(r, "VBoxModel")
    assert [m for m in r.of_type("execute_result")
            if "application/vnd.jupyter.widget-view+json" in m["content"]["data"]]
    send(k, "comm_msg", {"comm_id": widget_opens(r, "IntSliderModel")[0]["content"]["comm_id"],
                         "data": {"method": "update", "state": {"value": 3}, "buffer_paths": []}})
    upd = wait_for(k, lambda m: m["msg_type"] == "comm_msg"
                   and m["content"]["comm_id"] == out["content"]["comm_id"]
                   and "n squared is 9" in str(m["content"]["data"]))
    assert upd


def test_button_click_event(k):
    r = k.ok("var clicks = new java.util.concurrent.atomic.AtomicInteger();\n"
             'Button go = new Button("go").onClick(clicks::incrementAndGet); display(go);')
    cid = widget_opens(r, "ButtonModel")[0]["content"]["comm_id"]
    last = None
    for _ in range(3):
        last = send(k, "comm_msg", {"comm_id": cid, "data": {"method": "custom", "content": {"event": "click"}}})
    wait_for(k, idle_of(last))
    assert k.value("clicks.get()") == "3"


def test_bad_comm_messages_are_rejected_and_logged(k):
    r = k.ok('IntSlider bad = new IntSlider("bad", 0, 10, 5); display(bad);')
    cid = widget_opens(r, "IntSliderModel")[0]["content"]["comm_id"]
    # A comm id nobody opened.
    ghost = send(k, "comm_msg", {"comm_id": "no-such-comm", "data": {"x": 1}})
    wait_for(k, idle_of(ghost))
    # A target nobody registered: the kernel closes the comm again.
    seen: list = []
    unknown = send(k, "comm_open", {"comm_id": "c-unknown", "target_name": "no.such.target", "data": {}})
    wait_for(k, idle_of(unknown), seen=seen)
    if not [m for m in seen if m["msg_type"] == "comm_close"]:
        wait_for(k, lambda m: m["msg_type"] == "comm_close" and m["content"]["comm_id"] == "c-unknown")
    assert "c-unknown" not in comm_info(k)
    # Malformed state: a string for a number, an unknown key, data that is not an object.
    for data in ({"method": "update", "state": {"value": "abc"}},
                 {"method": "update", "state": {"no_such_key": 1}},
                 {"method": "update", "state": [1, 2]},
                 {"method": "fly"}):
        last = send(k, "comm_msg", {"comm_id": cid, "data": data})
    wait_for(k, idle_of(last))
    not_object = send(k, "comm_msg", {"comm_id": cid, "data": "just a string"})
    wait_for(k, idle_of(not_object))
    no_id = send(k, "comm_msg", {"data": {}})
    wait_for(k, idle_of(no_id))
    # The kernel still serves, the widget is unchanged and still works.
    assert k.value("bad.value()") == "5"
    ok = send(k, "comm_msg", {"comm_id": cid, "data": {"method": "update", "state": {"value": 8}}})
    wait_for(k, idle_of(ok))
    assert k.value("bad.value()") == "8"
    time.sleep(0.5)
    log = Path(k.log).read_text()
    assert "no open comm with id no-such-comm" in log
    assert "no.such.target" in log
    assert 'state key "value" takes a number' in log
    assert 'no state key "no_such_key"' in log
    assert 'unknown widget message method "fly"' in log
    assert "is not a JSON object" in log
    assert "comm_msg rejected: no comm_id" in log
