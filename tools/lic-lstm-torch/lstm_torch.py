#!/usr/bin/env python3
"""PyTorch speed anchor for biaslab's LIC LSTM training rate (``bench --only lstm-rate``).

Trains the LIC LSTM classifier (Hirota et al., CVPR 2022: Embedding(V, 100, padding_idx=<pad>),
dropout 0.5, 2-layer bidirectional LSTM(256, dropout 0.5) over packed sequences, concatenation of
the top layer's final forward and backward states, dropout 0.5, Linear(512, 1), BCE-with-logits,
Adam lr 5e-5, batch 64) on PyTorch's CPU, on the synthetic workload biaslab's bench trains on:
``n`` sequences of ``min..max`` tokens drawn uniformly from ``w0..w{vocab-1}``, half of them with
the token ``x`` at a random position (label 1). The data, the vocabulary and every epoch's
batches (torchtext BucketIterator: shuffle, stable sort by length, batches of 64, shuffled) are
drawn with a re-implementation of java.util.Random from the same seeds as biaslab, so both train
on the same sequences in the same batch shapes.

Prints one line:
  lstm-torch: sequences_per_s=... wall_s=... cpu_s=... sequences=... epochs=... threads=...
  batch=... vocab=... torch=...
wall_s and cpu_s (user + system of this process, getrusage) cover the vocabulary, the model's
initialisation and the training epochs, as biaslab's figure does; importing torch is outside.
"""

import argparse
import resource
import sys
import time

MASK48 = (1 << 48) - 1
MULTIPLIER = 0x5DEECE66D


class JavaRandom:
    """java.util.Random: the 48-bit linear congruential generator and the draws used here."""

    def __init__(self, seed):
        self.seed = (seed ^ MULTIPLIER) & MASK48

    def _next(self, bits):
        self.seed = (self.seed * MULTIPLIER + 0xB) & MASK48
        value = self.seed >> (48 - bits)
        return value - (1 << 32) if value >= (1 << 31) else value  # Java int

    def next_int(self, bound):
        if bound <= 0:
            raise ValueError("bound must be positive")
        if bound & (bound - 1) == 0:
            return (bound * self._next(31)) >> 31
        while True:
            bits = self._next(31)
            value = bits % bound
            if bits - value + (bound - 1) < (1 << 31):  # no int overflow in Java
                return value

    def next_boolean(self):
        return self._next(1) != 0

    def shuffle(self, items):
        """Collections.shuffle(list, random)."""
        for i in range(len(items), 1, -1):
            j = self.next_int(i)
            items[i - 1], items[j] = items[j], items[i - 1]


def synthetic(n, min_length, max_length, vocabulary, seed):
    """Texts and labels as biaslab's bench draws them (label 1 iff token "x" occurs)."""
    random = JavaRandom(seed)
    texts, labels = [], []
    for _ in range(n):
        length = min_length + random.next_int(max_length - min_length + 1)
        text = ["w%d" % random.next_int(vocabulary) for _ in range(length)]
        label = 0
        if random.next_boolean():
            text[random.next_int(length)] = "x"
            label = 1
        texts.append(text)
        labels.append(label)
    return texts, labels


def build_vocabulary(texts, max_size):
    """torchtext build_vocab: <unk> = 0, <pad> = 1, then by decreasing count, ties by string."""
    counts = {}
    for text in texts:
        for token in text:
            if token not in ("<unk>", "<pad>"):
                counts[token] = counts.get(token, 0) + 1
    ordered = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:max_size]
    index = {"<unk>": 0, "<pad>": 1}
    for token, _ in ordered:
        index[token] = len(index)
    return index


def epoch_batches(lengths, size, random, pool_batches=100):
    """torchtext BucketIterator for training: shuffle, pools of 100 batches, stable sort by
    length within a pool, cut into batches, shuffle the pool's batches."""
    order = list(range(len(lengths)))
    random.shuffle(order)
    pool = pool_batches * size
    batches = []
    for start in range(0, len(order), pool):
        chunk = sorted(order[start:start + pool], key=lambda i: lengths[i])
        pool_list = [chunk[s:s + size] for s in range(0, len(chunk), size)]
        random.shuffle(pool_list)
        batches.extend(pool_list)
    return batches


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sequences", type=int, default=6000)
    parser.add_argument("--epochs", type=int, default=1)
    parser.add_argument("--threads", type=int, default=1, help="torch.set_num_threads")
    parser.add_argument("--min-length", type=int, default=8)
    parser.add_argument("--max-length", type=int, default=20)
    parser.add_argument("--words", type=int, default=1000, help="distinct random words w0..")
    parser.add_argument("--data-seed", type=int, default=42)
    parser.add_argument("--seed", type=int, default=1, help="training seed (init, dropout, shuffling)")
    parser.add_argument("--batch", type=int, default=64)
    parser.add_argument("--max-vocab", type=int, default=25000)
    args = parser.parse_args(argv)

    import torch
    from torch import nn
    from torch.nn.utils.rnn import pack_padded_sequence

    torch.set_num_threads(args.threads)
    texts, labels = synthetic(args.sequences, args.min_length, args.max_length, args.words, args.data_seed)

    class LicLstm(nn.Module):
        def __init__(self, vocab_size, pad_index):
            super().__init__()
            self.embedding = nn.Embedding(vocab_size, 100, padding_idx=pad_index)
            self.rnn = nn.LSTM(100, 256, num_layers=2, bidirectional=True, dropout=0.5, batch_first=True)
            self.fc = nn.Linear(2 * 256, 1)
            self.dropout = nn.Dropout(0.5)

        def forward(self, tokens, lengths):
            embedded = self.dropout(self.embedding(tokens))
            packed = pack_padded_sequence(embedded, lengths, batch_first=True, enforce_sorted=False)
            _, (hidden, _) = self.rnn(packed)
            hidden = self.dropout(torch.cat((hidden[-2], hidden[-1]), dim=1))
            return self.fc(hidden)

    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    torch.manual_seed(args.seed)
    vocab = build_vocabulary(texts, args.max_vocab)
    encoded = [[vocab.get(t, 0) for t in text] or [0] for text in texts]
    lengths = [len(e) for e in encoded]
    model = LicLstm(len(vocab), 1)
    with torch.no_grad():
        model.embedding.weight[0].zero_()
        model.embedding.weight[1].zero_()
    optimizer = torch.optim.Adam(model.parameters(), lr=5e-5, betas=(0.9, 0.999), eps=1e-8)
    criterion = nn.BCEWithLogitsLoss()
    model.train()
    random = JavaRandom(args.seed)
    done = 0
    for epoch in range(args.epochs):
        for batch in epoch_batches(lengths, args.batch, random):
            time_steps = max(lengths[i] for i in batch)
            tokens = torch.ones((len(batch), time_steps), dtype=torch.long)  # <pad> = 1
            for row, i in enumerate(batch):
                tokens[row, :lengths[i]] = torch.tensor(encoded[i], dtype=torch.long)
            batch_lengths = torch.tensor([lengths[i] for i in batch], dtype=torch.long)
            targets = torch.tensor([float(labels[i]) for i in batch])
            optimizer.zero_grad()
            loss = criterion(model(tokens, batch_lengths).squeeze(1), targets)
            value = loss.item()
            if value != value or value in (float("inf"), float("-inf")):
                sys.exit("lstm-torch: training diverged: loss %s in epoch %d" % (value, epoch + 1))
            loss.backward()
            optimizer.step()
            done += len(batch)
    wall = time.perf_counter() - wall0
    cpu = cpu_seconds() - cpu0
    print("lstm-torch: sequences_per_s=%.1f wall_s=%.2f cpu_s=%.2f sequences=%d epochs=%d threads=%d batch=%d "
          "vocab=%d torch=%s" % (done / wall, wall, cpu, args.sequences, args.epochs, torch.get_num_threads(),
                                 args.batch, len(vocab), torch.__version__), flush=True)


if __name__ == "__main__":
    main()
