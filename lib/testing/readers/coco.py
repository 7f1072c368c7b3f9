"""Reads a COCO instances file as pycocotools and Detectron2 do, ported to the standard library.

- cocodataset/cocoapi PythonAPI/pycocotools/coco.py: COCO.__init__ (the file must hold an object) and createIndex;
  annToRLE, with PythonAPI/pycocotools/_mask.pyx frPyObjects' choice of what a segmentation is (a list whose first
  entry has 4 numbers is taken for a box, more for polygons; `[]` raises IndexError there) and frPoly's use of the
  image's integer height and width. Masks are not rasterized: a polygon is checked to be one frPoly can fill (an
  even count of at least 6 numbers). loadRes of the annotations as results (as COCOeval is given a perfect
  detector's output) and COCOeval._prepare's annToRLE of every ground truth and result for iouType "segm".
- facebookresearch/detectron2 detectron2/data/datasets/coco.py load_coco_json (with a dataset name: categories in
  id order, contiguous ids; unique annotation ids; an annotation's image_id; "ignore" refused; an empty bbox refused;
  polygons of fewer than 3 points or odd length dropped, an instance left without any dropped) and
  detectron2/data/detection_utils.py annotations_to_instances (an image's masks are read when its first annotation
  has a segmentation, and then every annotation must have one).
- open-mmlab/mmdetection mmdet/datasets/coco.py CocoDataset.load_annotations (unique annotation ids) and
  _parse_ann_info, which drops an annotation outside its image, of no area, under 1 px wide or high, or of a
  category not among the classes (here every category's name, as a config lists them).

Usage: coco.py <export folder> <annotations file, relative> <images folder, relative>. Prints what it read as JSON.
"""

import json
import os
import sys
from collections import defaultdict


class COCO:
    def __init__(self, annotation_file):
        with open(annotation_file, "r") as f:
            dataset = json.load(f)
        assert type(dataset) == dict, "annotation file format {} not supported".format(type(dataset))
        self.dataset = dataset
        self.createIndex()

    def createIndex(self):
        anns, cats, imgs = {}, {}, {}
        imgToAnns, catToImgs = defaultdict(list), defaultdict(list)
        if "annotations" in self.dataset:
            for ann in self.dataset["annotations"]:
                imgToAnns[ann["image_id"]].append(ann)
                anns[ann["id"]] = ann
        if "images" in self.dataset:
            for img in self.dataset["images"]:
                imgs[img["id"]] = img
        if "categories" in self.dataset:
            for cat in self.dataset["categories"]:
                cats[cat["id"]] = cat
        if "annotations" in self.dataset and "categories" in self.dataset:
            for ann in self.dataset["annotations"]:
                catToImgs[ann["category_id"]].append(ann["image_id"])
        self.anns, self.cats, self.imgs = anns, cats, imgs
        self.imgToAnns, self.catToImgs = imgToAnns, catToImgs

    def getCatIds(self):
        return [cat["id"] for cat in self.dataset["categories"]]

    def getImgIds(self):
        return list(self.imgs.keys())

    def annToRLE(self, ann):
        t = self.imgs[ann["image_id"]]
        h, w = t["height"], t["width"]
        segm = ann["segmentation"]
        if type(segm) == list:
            return fr_py_objects(segm, h, w)
        raise ValueError("Concord writes polygons only, not RLE")

    def loadRes(self, anns):
        res = COCO.__new__(COCO)
        res.dataset = {"images": [img for img in self.dataset["images"]]}
        assert type(anns) == list, "results in not an array of objects"
        annsImgIds = [ann["image_id"] for ann in anns]
        assert set(annsImgIds) == (set(annsImgIds) & set(self.getImgIds())), "Results do not correspond to current coco set"
        if anns and "bbox" in anns[0] and not anns[0]["bbox"] == []:
            res.dataset["categories"] = [dict(cat) for cat in self.dataset["categories"]]
            for id, ann in enumerate(anns):
                bb = ann["bbox"]
                x1, x2, y1, y2 = [bb[0], bb[0] + bb[2], bb[1], bb[1] + bb[3]]
                if "segmentation" not in ann:
                    ann["segmentation"] = [[x1, y1, x1, y2, x2, y2, x2, y1]]
                ann["area"] = bb[2] * bb[3]
                ann["id"] = id + 1
                ann["iscrowd"] = 0
        res.dataset["annotations"] = anns
        res.createIndex()
        return res


def fr_py_objects(pyobj, h, w):
    """_mask.pyx frPyObjects for a list (the branch a polygon segmentation takes), then frPoly's needs."""
    if type(pyobj) == list and len(pyobj[0]) == 4:  # IndexError on []
        kind = "bbox"
    elif type(pyobj) == list and len(pyobj[0]) > 4:
        kind = "poly"
    else:
        raise Exception("input type is not supported.")
    if type(h) != int or type(w) != int:
        raise TypeError(f"an integer is required (height {h!r}, width {w!r})")
    if kind == "poly":
        for poly in pyobj:
            if len(poly) % 2 or len(poly) < 6 or not all(isinstance(value, (int, float)) for value in poly):
                raise ValueError(f"not a polygon frPoly can fill: {poly}")
    return {"kind": kind, "parts": len(pyobj), "size": [h, w]}


def load_coco_json(json_file, image_root):
    coco_api = COCO(json_file)
    cat_ids = sorted(coco_api.getCatIds())
    cats = [coco_api.cats[cat_id] for cat_id in cat_ids]
    thing_classes = [c["name"] for c in sorted(cats, key=lambda x: x["id"])]
    id_map = {v: i for i, v in enumerate(cat_ids)}
    img_ids = sorted(list(coco_api.imgs.keys()))
    imgs = [coco_api.imgs[img_id] for img_id in img_ids]
    anns = [coco_api.imgToAnns[img_id] for img_id in img_ids]
    if sum(len(x) for x in anns) < len(coco_api.anns):
        raise ValueError("annotations that match no image in the file")  # Detectron2 warns; Concord should not write any
    ann_ids = [ann["id"] for anns_per_image in anns for ann in anns_per_image]
    assert len(set(ann_ids)) == len(ann_ids), "Annotation ids in '{}' are not unique!".format(json_file)
    dataset_dicts = []
    ann_keys = ["iscrowd", "bbox", "keypoints", "category_id"]
    num_instances_without_valid_segmentation = 0
    for img_dict, anno_dict_list in zip(imgs, anns):
        record = {
            "file_name": os.path.join(image_root, img_dict["file_name"]),
            "height": img_dict["height"],
            "width": img_dict["width"],
            "image_id": img_dict["id"],
        }
        objs = []
        for anno in anno_dict_list:
            assert anno["image_id"] == record["image_id"]
            assert anno.get("ignore", 0) == 0, '"ignore" in COCO json file is not supported.'
            obj = {key: anno[key] for key in ann_keys if key in anno}
            if "bbox" in obj and len(obj["bbox"]) == 0:
                raise ValueError(f"One annotation of image {record['image_id']} contains empty 'bbox' value! This json does not have valid COCO format.")
            segm = anno.get("segmentation", None)
            if segm:
                segm = [poly for poly in segm if len(poly) % 2 == 0 and len(poly) >= 6]
                if len(segm) == 0:
                    num_instances_without_valid_segmentation += 1
                    continue
                obj["segmentation"] = segm
            try:
                obj["category_id"] = id_map[obj["category_id"]]
            except KeyError as e:
                raise KeyError(f"Encountered category_id={obj['category_id']} but this id does not exist in 'categories' of the json file.") from e
            objs.append((obj, anno))  # the annotation beside it, for the output only
        record["annotations"] = objs
        dataset_dicts.append(record)
    return coco_api, thing_classes, dataset_dicts, num_instances_without_valid_segmentation


def mmdetection_dropped(coco_api):
    """How many annotations CocoDataset._parse_ann_info leaves out of training, with every category as a class."""
    cat_ids = [cat["id"] for cat in coco_api.dataset["categories"]]
    total_ann_ids = [ann["id"] for img_id in coco_api.getImgIds() for ann in coco_api.imgToAnns[img_id]]
    assert len(set(total_ann_ids)) == len(total_ann_ids), "Annotation ids are not unique!"
    dropped = 0
    for img_id in coco_api.getImgIds():
        img_info = coco_api.imgs[img_id]
        for ann in coco_api.imgToAnns[img_id]:
            if ann.get("ignore", False):
                continue
            x1, y1, w, h = ann["bbox"]
            inter_w = max(0, min(x1 + w, img_info["width"]) - max(x1, 0))
            inter_h = max(0, min(y1 + h, img_info["height"]) - max(y1, 0))
            if inter_w * inter_h == 0 or ann["area"] <= 0 or w < 1 or h < 1 or ann["category_id"] not in cat_ids:
                dropped += 1
    return dropped


def main(root, annotations_file, images_folder):
    json_file = os.path.join(root, annotations_file)
    coco_api, thing_classes, dataset_dicts, dropped = load_coco_json(json_file, os.path.join(root, images_folder))
    # COCOeval(coco_gt, coco_gt.loadRes(<the annotations as results>), iouType="segm"): _prepare turns each into an RLE.
    results = [{"image_id": ann["image_id"], "category_id": ann["category_id"], "bbox": ann["bbox"], "segmentation": ann["segmentation"], "score": 1.0} for ann in coco_api.dataset["annotations"]]
    coco_dt = coco_api.loadRes(results)
    for ann in [*coco_api.dataset["annotations"], *coco_dt.dataset["annotations"]]:
        coco_api.annToRLE(ann)
    images = []
    for record in dataset_dicts:
        annos = [obj for obj, _ in record["annotations"]]
        # annotations_to_instances: masks only when the first annotation has a segmentation; then all must.
        masks = bool(annos) and "segmentation" in annos[0]
        if masks:
            [obj["segmentation"] for obj in annos]
        image = coco_api.imgs[record["image_id"]]
        images.append({
            "id": record["image_id"],
            "fileName": image["file_name"],
            "imageExists": os.path.isfile(record["file_name"]),
            "height": record["height"],
            "width": record["width"],
            "concordId": image.get("concord_id"),
            "masks": masks,
            "annotations": [
                {
                    "category": thing_classes[obj["category_id"]],
                    "bbox": obj["bbox"],
                    "segmentation": obj.get("segmentation"),
                    "area": ann["area"],
                    "uncertain": ann.get("attributes", {}).get("uncertain"),
                }
                for obj, ann in record["annotations"]
            ],
        })
    print(json.dumps({"categories": thing_classes, "droppedInstances": dropped, "mmdetectionDropped": mmdetection_dropped(coco_api), "images": images}))


if __name__ == "__main__":
    main(*sys.argv[1:4])
