"""Reads a Pascal VOC export as three trainers' loaders do, ported to the standard library.

- pytorch/vision torchvision/datasets/voc.py: _VOCBase.__init__ (root/VOCdevkit/VOC2007, the image set file,
  JPEGImages/<id>.jpg and Annotations/<id>.xml), VOCDetection.__getitem__ and parse_voc_xml; and
  torchvision/tv_tensors/_dataset_wrapper.py voc_detection_wrapper_factory (the boxes and labels it builds, with the
  export's classes.txt in place of VOC's 20 categories, "__background__" first as there).
- open-mmlab/mmdetection mmdet/datasets/xml_style.py: XMLDataset.load_data_list and parse_data_info.
- facebookresearch/detectron2 detectron2/data/datasets/pascal_voc.py: load_voc_instances (with numpy.loadtxt's
  reading of the image set file: whitespace-separated columns, "#" comments, one value squeezed to a 0-d array).

Usage: voc.py <export folder>. Prints {image set: [image]} for every image set file there, each image as the three
loaders read it. Any check of theirs that fails raises, as it would in the tool.
"""

import collections
import json
import os
import sys
import xml.etree.ElementTree as ET


# torchvision/datasets/voc.py: VOCDetection.parse_voc_xml
def parse_voc_xml(node):
    voc_dict = {}
    children = list(node)
    if children:
        def_dic = collections.defaultdict(list)
        for dc in map(parse_voc_xml, children):
            for ind, v in dc.items():
                def_dic[ind].append(v)
        if node.tag == "annotation":
            def_dic["object"] = [def_dic["object"]]
        voc_dict = {node.tag: {ind: v[0] if len(v) == 1 else v for ind, v in def_dic.items()}}
    if node.text:
        text = node.text.strip()
        if not children:
            voc_dict[node.tag] = text
    return voc_dict


def list_of_dicts_to_dict_of_lists(list_of_dicts):
    dict_of_lists = collections.defaultdict(list)
    for dct in list_of_dicts:
        for key, value in dct.items():
            dict_of_lists[key].append(value)
    return dict(dict_of_lists)


def torchvision_read(root, image_set, categories):
    valid_image_sets = ["train", "trainval", "val", "test"]  # year 2007
    if image_set not in valid_image_sets:
        raise ValueError(f"Unknown value '{image_set}' for argument image_set.")
    voc_root = os.path.join(root, "VOCdevkit", "VOC2007")
    if not os.path.isdir(voc_root):
        raise RuntimeError("Dataset not found or corrupted. You can use download=True to download it")
    split_f = os.path.join(voc_root, "ImageSets", "Main", image_set.rstrip("\n") + ".txt")
    with open(split_f) as f:
        file_names = [x.strip() for x in f.readlines()]
    image_dir = os.path.join(voc_root, "JPEGImages")
    images = [os.path.join(image_dir, x + ".jpg") for x in file_names]
    target_dir = os.path.join(voc_root, "Annotations")
    targets = [os.path.join(target_dir, x + ".xml") for x in file_names]
    assert len(images) == len(targets)
    category_to_idx = {name: index for index, name in enumerate(["__background__", *categories])}
    read = []
    for image, annotation in zip(images, targets):
        with open(image, "rb") as f:  # Image.open(...).convert("RGB"); the tests' media are placeholders
            if not f.read():
                raise OSError(f"cannot identify image file {image!r}")
        target = parse_voc_xml(ET.parse(annotation).getroot())
        # voc_detection_wrapper_factory: an image without objects has no "bndbox" key (KeyError there).
        batched = list_of_dicts_to_dict_of_lists(target["annotation"]["object"])
        wrapped = None
        if batched:
            wrapped = {
                "boxes": [[int(bndbox[part]) for part in ("xmin", "ymin", "xmax", "ymax")] for bndbox in batched["bndbox"]],
                "labels": [category_to_idx[category] for category in batched["name"]],
            }
        read.append({"target": target, "wrapped": wrapped})
    return read


def mmdetection_read(root, image_set, classes):
    # Config as MMDetection's VOC configs: data_root VOCdevkit/, ann_file VOC2007/ImageSets/Main/<set>.txt, sub_data_root VOC2007/.
    assert classes is not None, "CLASSES in `XMLDataset` can not be None."
    cat2label = {cat: i for i, cat in enumerate(classes)}
    data_root = os.path.join(root, "VOCdevkit")
    sub_data_root = os.path.join(data_root, "VOC2007")
    with open(os.path.join(data_root, "VOC2007", "ImageSets", "Main", image_set + ".txt")) as f:
        img_ids = [line.rstrip("\n\r") for line in f]  # mmengine list_from_file
    data_list = []
    for img_id in img_ids:
        file_name = os.path.join("JPEGImages", f"{img_id}.jpg")
        xml_path = os.path.join(sub_data_root, "Annotations", f"{img_id}.xml")
        img_path = os.path.join(sub_data_root, file_name)
        if not os.path.isfile(img_path):
            raise FileNotFoundError(img_path)
        root_node = ET.parse(xml_path).getroot()
        size = root_node.find("size")
        if size is None:
            raise ValueError(f"{xml_path} has no size (MMDetection would decode the image)")
        width = int(size.find("width").text)
        height = int(size.find("height").text)
        instances = []
        for obj in root_node.findall("object"):
            name = obj.find("name").text
            if name not in classes:
                continue
            difficult = obj.find("difficult")
            difficult = 0 if difficult is None else int(difficult.text)
            bnd_box = obj.find("bndbox")
            bbox = [
                int(float(bnd_box.find("xmin").text)) - 1,
                int(float(bnd_box.find("ymin").text)) - 1,
                int(float(bnd_box.find("xmax").text)) - 1,
                int(float(bnd_box.find("ymax").text)) - 1,
            ]
            instances.append({"ignore_flag": 1 if difficult else 0, "bbox": bbox, "bbox_label": cat2label[name]})
        data_list.append({"img_path": img_path, "img_id": img_id, "width": width, "height": height, "instances": instances})
    return data_list


def loadtxt_str(path):
    """numpy.loadtxt(f, dtype=str): "#" starts a comment, columns split at whitespace, every row as wide, squeezed."""
    rows = []
    with open(path) as f:
        for line in f:
            columns = line.split("#", 1)[0].split()
            if columns:
                rows.append(columns)
    if any(len(row) != len(rows[0]) for row in rows):
        raise ValueError("Wrong number of columns")
    if len(rows) == 1 and len(rows[0]) == 1:
        raise TypeError("iteration over a 0-d array")  # for fileid in fileids
    if rows and len(rows[0]) > 1:
        raise TypeError("can only concatenate str (not \"numpy.ndarray\") to str")  # fileid + ".xml" on a row
    return [row[0] for row in rows]


def detectron2_read(root, split, class_names):
    dirname = os.path.join(root, "VOCdevkit", "VOC2007")
    fileids = loadtxt_str(os.path.join(dirname, "ImageSets", "Main", split + ".txt"))
    annotation_dirname = os.path.join(dirname, "Annotations/")
    dicts = []
    for fileid in fileids:
        anno_file = os.path.join(annotation_dirname, fileid + ".xml")
        jpeg_file = os.path.join(dirname, "JPEGImages", fileid + ".jpg")
        tree = ET.parse(anno_file)
        r = {
            "file_name": jpeg_file,
            "image_id": fileid,
            "height": int(tree.findall("./size/height")[0].text),
            "width": int(tree.findall("./size/width")[0].text),
        }
        instances = []
        for obj in tree.findall("object"):
            cls = obj.find("name").text
            bbox = obj.find("bndbox")
            bbox = [float(bbox.find(x).text) for x in ["xmin", "ymin", "xmax", "ymax"]]
            bbox[0] -= 1.0
            bbox[1] -= 1.0
            instances.append({"category_id": class_names.index(cls), "bbox": bbox})
        r["annotations"] = instances
        dicts.append(r)
    return dicts


def main(root):
    with open(os.path.join(root, "VOCdevkit", "VOC2007", "classes.txt")) as f:
        classes = [line.rstrip("\n") for line in f]
    sets_dir = os.path.join(root, "VOCdevkit", "VOC2007", "ImageSets", "Main")
    read = {}
    for image_set in sorted(name[: -len(".txt")] for name in os.listdir(sets_dir)):
        torchvision = torchvision_read(root, image_set, classes)
        mmdetection = mmdetection_read(root, image_set, classes)
        detectron2 = detectron2_read(root, image_set, classes)
        images = []
        for tv, mm, d2 in zip(torchvision, mmdetection, detectron2, strict=True):
            annotation = tv["target"]["annotation"]
            images.append({
                "id": d2["image_id"],
                "filename": annotation["filename"],
                "originalName": annotation["source"]["image"],
                "concordId": annotation["concord_id"],
                "width": d2["width"],
                "height": d2["height"],
                "depth": annotation["size"]["depth"],
                "objects": [
                    {
                        "name": classes[d2_object["category_id"]],
                        "bbox": d2_object["bbox"],
                        "difficult": mm_object["ignore_flag"],
                        "mmdetection": mm_object["bbox"],
                    }
                    for d2_object, mm_object in zip(d2["annotations"], mm["instances"], strict=True)
                ],
                "torchvision": tv["wrapped"],
            })
        read[image_set] = images
    print(json.dumps(read))


if __name__ == "__main__":
    main(sys.argv[1])
