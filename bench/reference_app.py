#!/usr/bin/python3
"""The alternative a user would write: real torch behind a small FastAPI app, same request/response
shapes as the service for the benchmarked endpoints. Run: /usr/bin/python3 bench/reference_app.py PORT
(Debian's python3-torch, python3-fastapi, python3-uvicorn)."""
import sys

import torch
import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import Response
import json
from torch.utils.data import DataLoader, random_split

torch.set_num_threads(1)
app = FastAPI()


def tensor_json(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": t.tolist()}


@app.post("/v1/modules")
async def modules(request: Request):
    body = await request.json()
    seed = int(body["seed"])
    torch.manual_seed(seed)
    spec = body["module"]
    m = torch.nn.Linear(spec["in_features"], spec["out_features"], bias=spec.get("bias", True))
    out = {"seed": str(seed % 2**64), "state_dict": {k: tensor_json(v) for k, v in m.state_dict().items()}}
    return Response(json.dumps(out), media_type="application/json")


@app.post("/v1/dataloader")
async def dataloader(request: Request):
    body = await request.json()
    seed = int(body["seed"])
    torch.manual_seed(seed)
    dl = DataLoader(range(body["dataset_size"]), batch_size=body.get("batch_size", 1), shuffle=body.get("shuffle", False))
    epochs = []
    for _ in range(body.get("epochs", 1)):
        it = iter(dl)
        epochs.append({"batches": [b.tolist() for b in it], "base_seed": str(it._base_seed)})
    return Response(json.dumps({"seed": str(seed % 2**64), "epochs": epochs}), media_type="application/json")


@app.post("/v1/random_split")
async def split(request: Request):
    body = await request.json()
    seed = int(body["seed"])
    torch.manual_seed(seed)
    parts = random_split(range(body["dataset_size"]), body["lengths"])
    out = {"seed": str(seed % 2**64), "lengths": [len(p) for p in parts], "subsets": [list(p) for p in parts]}
    return Response(json.dumps(out), media_type="application/json")


@app.get("/health")
async def health():
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
