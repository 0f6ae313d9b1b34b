"""Writes the default state of every widget model Crema's Java widgets use, as ipywidgets defines it.

Run with a Python that has the pinned ipywidgets 8 (protocol 2.1.0):
    python library/tools/widget_defaults.py > library/src/main/resources/crema/display/widgets/defaults.json
The Java classes in crema.display.widgets start from these states, so every state key, model name,
module and module version is exactly the one the JupyterLab widget manager expects.
"""

import json

import ipywidgets as w

CLASSES = [w.IntSlider, w.FloatSlider, w.Dropdown, w.ToggleButtons, w.Checkbox, w.Button, w.Text,
           w.Label, w.HTML, w.Play, w.Output, w.Image, w.HBox, w.VBox, w.IntProgress,
           w.FloatProgress]


def main() -> None:
    out = {"protocol_version": w.__protocol_version__, "widgets": {}, "styles": {}, "layout": None}
    for cls in CLASSES:
        widget = cls()
        state = widget.get_state()
        state.pop("value", None) if cls is w.Image else None  # bytes: sent as a binary buffer
        if "layout" in state:
            out["layout"] = widget.layout.get_state()
            state["layout"] = "Layout"
        if "style" in state:
            style = widget.style
            out["styles"][style._model_name] = style.get_state()
            state["style"] = style._model_name
        out["widgets"][cls.__name__] = state
    print(json.dumps(out, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
