#!/usr/bin/python3
"""PyTorch side of the training comparison in benchmarks/engine-vs-torch.sh: one epoch of the LSTM the way a user
would write it (Embedding -> LSTM over packed sequences -> mean over each text's steps -> Linear, BCE loss, AdamW
lr 0.002, gradient norm clipped at 1, dropout 0.4 on embeddings and 0.5 before the output), on the binary rows of the
dataset: words split on [\\w']+ and lower-cased, the 12,726 most frequent kept, at most 64 tokens, batches of 64, the
same 34,356 training rows as the trainer's split would hold (a random 80 %). One thread. Prints
torch-epoch,<rows>,<seconds>."""
import collections
import csv
import random
import re
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
random.seed(0)
path = sys.argv[1]
texts, labels = [], []
with open(path, newline="", encoding="utf-8", errors="replace") as f:
    for row in csv.reader(f):
        if len(row) >= 4 and row[2] in ("Positive", "Negative") and row[3].strip():
            texts.append(re.findall(r"[\w']+", row[3].lower())[:64] or ["<unk>"])
            labels.append(1.0 if row[2] == "Positive" else 0.0)
counts = collections.Counter(w for t in texts for w in t)
vocab = {w: i + 2 for i, (w, _) in enumerate(counts.most_common(12726 - 2))}
ids = [[vocab.get(w, 1) for w in t] for t in texts]
order = list(range(len(ids)))
random.shuffle(order)
train = order[:34356]


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(12726, 64, padding_idx=0)
        self.lstm = torch.nn.LSTM(64, 64, batch_first=True)
        self.drop_in = torch.nn.Dropout(0.4)
        self.drop_out = torch.nn.Dropout(0.5)
        self.fc = torch.nn.Linear(64, 1)

    def forward(self, x, lengths):
        packed = torch.nn.utils.rnn.pack_padded_sequence(self.drop_in(self.emb(x)), lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.lstm(packed)
        out, _ = torch.nn.utils.rnn.pad_packed_sequence(out, batch_first=True)
        pooled = out.sum(dim=1) / lengths.unsqueeze(1).float()
        return self.fc(self.drop_out(pooled)).squeeze(1)


net = Net().train()
opt = torch.optim.AdamW(net.parameters(), lr=0.002, weight_decay=0.01)
loss_fn = torch.nn.BCEWithLogitsLoss()
start = time.perf_counter()
for b in range(0, len(train), 64):
    rows = train[b:b + 64]
    lengths = torch.tensor([len(ids[r]) for r in rows])
    x = torch.zeros(len(rows), int(lengths.max()), dtype=torch.long)
    for k, r in enumerate(rows):
        x[k, :len(ids[r])] = torch.tensor(ids[r])
    y = torch.tensor([labels[r] for r in rows])
    opt.zero_grad()
    loss = loss_fn(net(x, lengths), y)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(net.parameters(), 1.0)
    opt.step()
print("torch-epoch,%d,%.1f" % (len(train), time.perf_counter() - start), flush=True)
