"""Reads a CVAT for images 1.1 export as CVAT and Datumaro import it, ported to the standard library.

- cvat-ai/cvat cvat/apps/dataset_manager/formats/cvat.py: _import (a zip: every **/*.xml in it is loaded) and load
  (the image, shape and tag elements; `occluded` is required on a shape; points as "x,y;x,y"), with
  cvat/apps/dataset_manager/bindings.py TaskData._get_label_id (a label the task lacks is refused) and
  _import_shape/_import_tag (attributes the label does not declare are dropped).
- openvinotoolkit/datumaro datumaro/plugins/cvat_format/extractor.py: CvatExtractor._parse_meta (the first element
  must be <annotations>, <meta> must close before the first image; labels and their attributes' input types),
  _parse (attribute values: "true"/"false" as booleans), _parse_shape_ann / _parse_tag_ann and _load_items (the
  image under images/<name>, the item id the name without its extension).

Usage: cvat.py <export folder>. Prints {"labels": {name: [attribute]}, "items": [item]}.
"""

import glob
import json
import os
import sys
import xml.etree.ElementTree as ET
from collections import OrderedDict

SUPPORTED_SHAPES = ("box", "polygon", "polyline", "points")


def parse_meta(context):
    ev, el = next(context)
    if not (ev == "start" and el.tag == "annotations"):
        raise Exception("Unexpected token ")
    mode = None
    labels = OrderedDict()
    label = None
    el = None
    states = ["annotations"]

    def accepted(expected_state, tag, next_state=None):
        if states[-1] == expected_state and el is not None and el.tag == tag:
            states.append(next_state or tag)
            return True
        return False

    def consumed(expected_state, tag):
        if states[-1] == expected_state and el is not None and el.tag == tag:
            states.pop()
            return True
        return False

    for ev, el in context:
        if ev == "start":
            if accepted("annotations", "meta") or accepted("meta", "task") or accepted("task", "mode"):
                pass
            elif accepted("task", "labels"):
                pass
            elif accepted("labels", "label"):
                label = {"name": None, "attributes": []}
            elif accepted("label", "name", next_state="label_name") or accepted("label", "attributes"):
                pass
            elif accepted("attributes", "attribute"):
                pass
            elif accepted("attribute", "name", next_state="attr_name") or accepted("attribute", "input_type", next_state="attr_type"):
                pass
            elif accepted("annotations", "image") or accepted("annotations", "track") or accepted("annotations", "tag"):
                break
        elif ev == "end":
            if consumed("meta", "meta"):
                break
            elif consumed("task", "task"):
                pass
            elif consumed("mode", "mode"):
                mode = el.text
            elif consumed("label_name", "name"):
                label["name"] = el.text
            elif consumed("attr_name", "name"):
                label["attributes"].append({"name": el.text})
            elif consumed("attr_type", "input_type"):
                label["attributes"][-1]["input_type"] = el.text
            elif consumed("attribute", "attribute") or consumed("attributes", "attributes") or consumed("labels", "labels"):
                pass
            elif consumed("label", "label"):
                labels[label["name"]] = label["attributes"]
                label = None
    assert len(states) == 1 and states[0] == "annotations", "Expected 'meta' section in the annotation file, path: %s" % states
    attribute_types = {}
    for attributes in labels.values():
        for attr in attributes:
            attribute_types[attr["name"]] = attr["input_type"]
    return labels, mode, attribute_types


def attribute_value(el, attribute_types):
    attr_value = el.text or ""
    attr_type = attribute_types.get(el.attrib["name"])
    if el.text in ["true", "false"]:
        return attr_value == "true"
    if attr_type is not None and attr_type != "text":
        try:
            return float(attr_value)
        except ValueError:
            pass
    return attr_value


def load(path, images_dir):
    context = iter(ET.iterparse(path, events=("start", "end")))
    labels, mode, attribute_types = parse_meta(context)

    def label_id(name):
        if name not in labels:
            raise ValueError(f"Label '{name}' is not registered for this task")  # TaskData._get_label_id
        return list(labels).index(name)

    def declared(name, attributes):  # TaskData._import_attribute: the label's own attributes only
        own = {attr["name"] for attr in labels[name]}
        return {key: value for key, value in attributes.items() if key in own}

    items = OrderedDict()
    shape = None
    tag = None
    attributes = None
    image = None
    for ev, el in context:
        if ev == "start":
            if el.tag == "track":
                raise ValueError("a track in a CVAT for images annotation")
            if el.tag == "image":
                image = {"name": el.attrib.get("name"), "frame": int(el.attrib["id"]), "width": el.attrib.get("width"), "height": el.attrib.get("height"), "subset": el.attrib.get("subset")}
            elif el.tag in SUPPORTED_SHAPES and image:
                attributes = {}
                shape = {"attributes": attributes}
            elif el.tag == "tag" and image:
                attributes = {}
                tag = {"label": el.attrib["label"], "attributes": attributes, "source": el.attrib.get("source", "manual")}
        elif ev == "end":
            if el.tag == "attribute" and attributes is not None:
                attributes[el.attrib["name"]] = attribute_value(el, attribute_types)
            elif el.tag in SUPPORTED_SHAPES and image:
                name = el.attrib["label"]
                shape.update({
                    "type": el.tag,
                    "label": name,
                    "label_id": label_id(name),
                    "occluded": el.attrib["occluded"] == "1",  # CVAT's load: KeyError without it
                    "z_order": int(el.attrib.get("z_order", 0)),
                    "source": el.attrib.get("source", "manual"),
                    "attributes": declared(name, shape["attributes"]),
                })
                if el.tag == "box":
                    xtl, ytl, xbr, ybr = (float(el.attrib[key]) for key in ("xtl", "ytl", "xbr", "ybr"))
                    if not (xtl < xbr and ytl < ybr):
                        raise ValueError(f"box with xtl={xtl}, ytl={ytl}, xbr={xbr}, ybr={ybr}")
                    shape["bbox"] = [xtl, ytl, xbr - xtl, ybr - ytl]  # Datumaro's Bbox(x, y, w, h)
                else:
                    points = []
                    for pair in el.attrib["points"].split(";"):
                        points.extend(map(float, pair.split(",")))
                    if el.tag == "polygon" and len(points) < 6:
                        raise ValueError("a polygon needs at least 3 points")
                    shape["points"] = points
                items.setdefault(image["frame"], {"annotations": []})["annotations"].append(shape)
                shape = None
                attributes = None
            elif el.tag == "tag" and image:
                tag.update({"type": "tag", "label_id": label_id(tag["label"]), "attributes": declared(tag["label"], tag["attributes"])})
                items.setdefault(image["frame"], {"annotations": []})["annotations"].append(tag)
                tag = None
                attributes = None
            elif el.tag == "image":
                desc = items.setdefault(image["frame"], {"annotations": []})
                desc.update({"name": image["name"], "width": image["width"], "height": image["height"], "subset": image["subset"]})
                image = None
            el.clear()

    read = []
    for frame, desc in items.items():  # _load_items
        name = desc.get("name", "frame_%06d.png" % frame)
        image_path = os.path.join(images_dir, name)
        width, height = desc.get("width"), desc.get("height")
        read.append({
            "id": os.path.splitext(name)[0],
            "frame": frame,
            "name": name,
            "subset": desc.get("subset"),
            "size": [int(height), int(width)] if width and height else None,
            "imageExists": os.path.isfile(image_path),
            "annotations": desc["annotations"],
        })
    return {"mode": mode, "labels": {name: [attr["name"] for attr in attrs] for name, attrs in labels.items()}, "items": read}


def main(root):
    paths = glob.glob(os.path.join(root, "**", "*.xml"), recursive=True)  # CVAT's _import of a zip: every XML
    if paths != [os.path.join(root, "annotations.xml")]:
        raise ValueError(f"CVAT would load every XML file of the zip: {paths}")
    images_dir = os.path.join(root, "images") if os.path.isdir(os.path.join(root, "images")) else ""
    print(json.dumps(load(paths[0], images_dir)))


if __name__ == "__main__":
    main(sys.argv[1])
