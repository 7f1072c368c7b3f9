"""Reads NeMo ASR manifests as NeMo does.

Ports NVIDIA/NeMo:
- nemo/collections/asr/parts/preprocessing/manifest.py: item_iter (a JSON object per line) and __parse_item (the
  audio under audio_filename, audio_filepath or audio_file, else ValueError; duration required, else ValueError;
  text, else text_filepath, else normalized_text, else ""; offset optional) with get_full_path (a relative path
  that is not a file from the working directory is taken relative to the manifest's folder).
- nemo/collections/common/parts/preprocessing/collections.py, AudioText: items kept in manifest order; loading the
  audio (AudioSegment.from_file) needs the file, so a missing one raises FileNotFoundError here.

Usage: nemo_manifest.py <folder> <manifest name>... Prints {manifest name: [{audio_file (relative to <folder>),
duration, offset, text}, ...]}.
"""
import json
import os
import sys
from os.path import expanduser
from pathlib import Path


def get_full_path(audio_file, manifest_file, audio_file_len_limit=255):
    audio_file = Path(audio_file)
    if (len(str(audio_file)) < audio_file_len_limit) and not audio_file.is_file() and not audio_file.is_absolute():
        audio_file_path = Path(os.path.join(Path(manifest_file).parent.as_posix(), audio_file.as_posix()))
        if audio_file_path.is_file():
            return str(audio_file_path.absolute())
        return expanduser(str(audio_file))
    return expanduser(str(audio_file))


def parse_item(line, manifest_file):
    item = json.loads(line)
    if "audio_filename" in item:
        item["audio_file"] = item.pop("audio_filename")
    elif "audio_filepath" in item:
        item["audio_file"] = item.pop("audio_filepath")
    elif "audio_file" not in item:
        raise ValueError(f"Manifest file {manifest_file} has invalid json line structure: {line} without proper audio file key.")
    item["audio_file"] = get_full_path(item["audio_file"], manifest_file)
    if "duration" not in item:
        raise ValueError(f"Manifest file {manifest_file} has invalid json line structure: {line} without proper duration key.")
    if "text" in item:
        pass
    elif "text_filepath" in item:
        with open(item.pop("text_filepath"), "r") as f:
            item["text"] = f.read().replace("\n", "")
    elif "normalized_text" in item:
        item["text"] = item["normalized_text"]
    else:
        item["text"] = ""
    return dict(audio_file=item["audio_file"], duration=item["duration"], text=item["text"], offset=item.get("offset", None))


def main(folder, names):
    root = Path(folder).resolve()
    # get_full_path tries the path from the working directory first: run from elsewhere, as a trainer would.
    os.chdir("/")
    read = {}
    for name in names:
        manifest_file = str(root / name)
        items = []
        with open(expanduser(manifest_file), "r") as f:
            for line in f:
                item = parse_item(line, manifest_file)
                if not Path(item["audio_file"]).is_file():
                    raise FileNotFoundError(f"[Errno 2] No such file or directory: '{item['audio_file']}'")
                item["audio_file"] = Path(item["audio_file"]).resolve().relative_to(root).as_posix()
                items.append(item)
        read[name] = items
    print(json.dumps(read))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
