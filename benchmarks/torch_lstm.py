#!/usr/bin/python3
"""PyTorch side of benchmarks/engine-vs-torch.sh: one forward of Embedding -> LSTM -> mean over time -> Linear ->
sigmoid (the engine's anchor shape: V=20000, E=100, H=128, T=32 tokens), one thread, no autograd, random weights.
Prints one CSV line per batch size: torch,<batch>,<mean us per forward>, averaged like JMH's AverageTime mode over
5 measurement iterations of 2 s after 3 warm-up iterations."""
import sys
import time

import torch

torch.set_num_threads(1)
torch.manual_seed(0)
V, E, H, T = 20000, 100, 128, 32


class Net(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(V, E)
        self.lstm = torch.nn.LSTM(E, H, batch_first=True)
        self.fc = torch.nn.Linear(H, 1)

    def forward(self, x):
        out, _ = self.lstm(self.emb(x))
        return torch.sigmoid(self.fc(out.mean(dim=1)))


def iteration(net, x, seconds):
    n, start = 0, time.perf_counter()
    while True:
        net(x)
        n += 1
        elapsed = time.perf_counter() - start
        if elapsed >= seconds:
            return elapsed / n


def main(batches):
    net = Net().eval()
    with torch.no_grad():
        for b in batches:
            x = torch.randint(2, V, (b, T))
            for _ in range(3):
                iteration(net, x, 2.0)
            times = [iteration(net, x, 2.0) for _ in range(5)]
            print("torch,%d,%.2f" % (b, 1e6 * sum(times) / len(times)), flush=True)


if __name__ == "__main__":
    main([int(b) for b in (sys.argv[1:] or ["1", "64"])])
