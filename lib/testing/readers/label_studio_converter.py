"""Reads a Label Studio export (tasks.json + label_config.xml) as label-studio-converter loads one.

A port, in Python's standard library, of HumanSignal/label-studio-converter (commit 2ef5400):
- label_studio_converter/utils.py: parse_config (lxml's getparent() done with a parent map), get_json_root_type,
  get_annotator;
- label_studio_converter/converter.py: Converter.__init__ / _get_data_keys_and_output_tags, iter_from_json_file,
  _maybe_matching_tag_from_schema, annotation_result_from_task, get_data and _get_labels.
Its checks raise as the converter's do: a task without "id" is a KeyError in get_data, annotations whose created_at
cannot be compared a TypeError in the sort, a config that is not XML a ValueError.

Usage: label_studio_converter.py <folder holding tasks.json and label_config.xml>
Prints {"labels": [...], "categories": [...], "dataKeys": [...], "outputTags": [...], "items": [...]}.
"""

import json
import re
import sys
import xml.etree.ElementTree as etree
from collections import defaultdict
from copy import deepcopy
from operator import itemgetter
from pathlib import Path

_LABEL_TAGS = {"Label", "Choice"}
_NOT_CONTROL_TAGS = {"Filter"}


def parse_config(config_string):
    if not config_string:
        return {}

    def _is_input_tag(tag):
        return tag.attrib.get("name") and tag.attrib.get("value")

    def _is_output_tag(tag):
        return tag.attrib.get("name") and tag.attrib.get("toName") and tag.tag not in _NOT_CONTROL_TAGS

    try:
        xml_tree = etree.fromstring(config_string)
    except etree.ParseError as e:
        raise ValueError(str(e))
    parents = {child: parent for parent in xml_tree.iter() for child in parent}

    def _get_parent_output_tag_name(tag, outputs):
        # Find parental <Choices> tag for nested tags like <Choices><View><View><Choice>...
        parent = tag
        while True:
            parent = parents.get(parent)
            if parent is None:
                return
            name = parent.attrib.get("name")
            if name in outputs:
                return name

    inputs, outputs, labels = {}, {}, defaultdict(dict)
    for tag in xml_tree.iter():
        if _is_output_tag(tag):
            tag_info = {"type": tag.tag, "to_name": tag.attrib["toName"].split(",")}
            conditionals = {}
            if tag.attrib.get("perRegion") == "true":
                if tag.attrib.get("whenTagName"):
                    conditionals = {"type": "tag", "name": tag.attrib["whenTagName"]}
                elif tag.attrib.get("whenLabelValue"):
                    conditionals = {"type": "label", "name": tag.attrib["whenLabelValue"]}
                elif tag.attrib.get("whenChoiceValue"):
                    conditionals = {"type": "choice", "name": tag.attrib["whenChoiceValue"]}
            if conditionals:
                tag_info["conditionals"] = conditionals
            outputs[tag.attrib["name"]] = tag_info
        elif _is_input_tag(tag):
            inputs[tag.attrib["name"]] = {"type": tag.tag, "value": tag.attrib["value"].lstrip("$")}
        if tag.tag not in _LABEL_TAGS:
            continue
        parent_name = _get_parent_output_tag_name(tag, outputs)
        if parent_name is not None:
            actual_value = tag.attrib.get("alias") or tag.attrib.get("value")
            if actual_value:
                labels[parent_name][actual_value] = dict(tag.attrib)
    for output_tag, tag_info in outputs.items():
        tag_info["inputs"] = []
        for input_tag_name in tag_info["to_name"]:
            if input_tag_name not in inputs:
                continue
            tag_info["inputs"].append(inputs[input_tag_name])
        tag_info["labels"] = list(labels[output_tag])
        tag_info["labels_attrs"] = labels[output_tag]
    return outputs


def get_json_root_type(filename):
    char = "x"
    with open(filename, "r", encoding="utf-8") as f:
        while char != "":
            char = f.read(1)
            if char.isspace():
                continue
            if char == "{":
                return "dict"
            if char == "[":
                return "list"
            return "invalid"
    return "empty"


def get_annotator(item, default=None, int_id=False):
    annotator = item["completed_by"]
    if isinstance(annotator, dict):
        return annotator.get("email", default)
    if isinstance(annotator, int) and int_id:
        return annotator
    return str(annotator)


class Converter:
    def __init__(self, config_string):
        self._schema = parse_config(config_string)
        self._data_keys, self._output_tags = self._get_data_keys_and_output_tags()

    def _get_data_keys_and_output_tags(self):
        data_keys = set()
        output_tag_names = []
        for name, info in self._schema.items():
            data_keys |= set(map(itemgetter("value"), info["inputs"]))
            output_tag_names.append(name)
        return list(data_keys), output_tag_names

    def iter_from_json_file(self, json_file):
        data_type = get_json_root_type(json_file)
        if data_type == "dict":
            with open(json_file, encoding="utf-8") as f:
                data = json.load(f)
            for item in self.annotation_result_from_task(data) or []:
                yield item
        elif data_type == "list":
            with open(json_file, encoding="utf-8") as f:
                data = json.load(f)
            for task in data:
                for item in self.annotation_result_from_task(task) or []:
                    if item is not None:
                        yield item

    def _maybe_matching_tag_from_schema(self, from_name):
        for tag_name, tag_info in self._schema.items():
            if tag_name == from_name:
                return tag_name
            if not tag_info.get("regex"):
                continue
            tag_name_pattern = tag_name
            for variable, regex in tag_info["regex"].items():
                tag_name_pattern = tag_name_pattern.replace(variable, regex)
            if re.compile(tag_name_pattern).match(from_name):
                return tag_name
        return None

    def annotation_result_from_task(self, task):
        has_annotations = "completions" in task or "annotations" in task
        if not has_annotations:
            return None
        annotations = task["annotations"] if "annotations" in task else task["completions"]
        if not annotations:
            data = Converter.get_data(task, {}, {})
            yield data
        cancelled = lambda x: not (x.get("skipped", False) or x.get("was_cancelled", False))
        annotations = list(filter(cancelled, annotations))
        if not annotations:
            return None
        annotations = sorted(annotations, key=lambda x: x.get("created_at", 0), reverse=True)
        for annotation in annotations:
            result = annotation["result"]
            outputs = defaultdict(list)
            for r in result:
                if "from_name" in r and (tag_name := self._maybe_matching_tag_from_schema(r["from_name"])):
                    v = deepcopy(r["value"])
                    v["type"] = self._schema[tag_name]["type"]
                    if "original_width" in r:
                        v["original_width"] = r["original_width"]
                    if "original_height" in r:
                        v["original_height"] = r["original_height"]
                    outputs[r["from_name"]].append(v)
            data = Converter.get_data(task, outputs, annotation)
            if "agreement" in task:
                data["agreement"] = task["agreement"]
            yield data

    @staticmethod
    def get_data(task, outputs, annotation):
        return {
            "id": task["id"],
            "input": task["data"],
            "output": outputs or {},
            "completed_by": annotation.get("completed_by", {}),
            "annotation_id": annotation.get("id"),
            "created_at": annotation.get("created_at"),
            "updated_at": annotation.get("updated_at"),
            "lead_time": annotation.get("lead_time"),
            "history": annotation.get("history"),
        }

    def _get_labels(self):
        labels = set()
        categories = list()
        category_name_to_id = dict()
        for name, info in self._schema.items():
            labels |= set(info["labels"])
            attrs = info["labels_attrs"]
            for label in attrs:
                if attrs[label].get("category"):
                    categories.append({"id": attrs[label].get("category"), "name": label})
                    category_name_to_id[label] = attrs[label].get("category")
        labels_to_add = sorted(list(set(labels) - set(list(category_name_to_id.keys()))))
        idx = 0
        while idx in list(category_name_to_id.values()):
            idx += 1
        for label in labels_to_add:
            categories.append({"id": idx, "name": label})
            category_name_to_id[label] = idx
            idx += 1
            while idx in list(category_name_to_id.values()):
                idx += 1
        return categories, category_name_to_id


def main(folder):
    folder = Path(folder)
    converter = Converter((folder / "label_config.xml").read_text(encoding="utf-8"))
    items = list(converter.iter_from_json_file(str(folder / "tasks.json")))
    categories, _ = converter._get_labels()
    # Results that name no control of the config are dropped by the converter: say so, as a reader that found nothing.
    with open(folder / "tasks.json", encoding="utf-8") as f:
        tasks = json.load(f)
    unmatched = sorted(
        {r["from_name"] for task in tasks for a in task.get("annotations", []) for r in a["result"] if converter._maybe_matching_tag_from_schema(r["from_name"]) is None}
    )
    print(
        json.dumps(
            {
                "schema": converter._schema,
                "dataKeys": sorted(converter._data_keys),
                "outputTags": converter._output_tags,
                "categories": categories,
                "unmatchedControls": unmatched,
                "items": [{**item, "annotator": get_annotator(item) if item["completed_by"] != {} else None} for item in items],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
