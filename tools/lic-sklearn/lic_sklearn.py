#!/usr/bin/env python3
"""scikit-learn speed anchor for `biaslab bench --only lic-linear`.

Does the work of that bench the way a scikit-learn user would: the four-model perceived-gender LIC
table on the released caption files, 10 seeds, paper + paired protocols, per seed and model five
human-side classifiers (LIC_D, one per human caption index) and one model-side classifier per
protocol (LIC_M): 280 trainings of CountVectorizer(binary=True) + LogisticRegression(liblinear).

It follows biaslab's protocol as far as it can be reproduced in Python:
- the same files, the same annotated images (Male = 0, Female = 1) in the labels file's order, the
  first five human captions of each image;
- human captions lower-cased, tokenized, LIC's gender words replaced by `genderword`, words outside
  the captioning model's vocabulary written as the three tokens `<`, `unk`, `>`; model captions
  tokenized (not lower-cased) and masked;
- the same balanced splits: biaslab's seeds (SHA-256 of the parts, `Hashing.seed`) and its
  SplittableRandom draws (`BalancedSplit`) are re-implemented here, so both train and test on the
  same image indexes;
- binary unigram features plus a constant token (`__const__`, as biaslab adds), L2 logistic
  regression with C = 1, tol = 1e-4, max_iter = 1000, an intercept that is penalised
  (liblinear's bias feature, as Tribuo/LIBLINEAR in biaslab);
- LIC = mean over test items of p(predicted class) when the prediction is right; bootstrap 95%
  intervals over seeds (2000 resamples, numpy).

Tokenization uses NLTK's Treebank word tokenizer (the rules biaslab's TreebankTokenizer follows)
when nltk is installed, else a simpler regex; the printed line says which. Numbers are close to
biaslab's, not identical (the solvers differ in stopping details; tokenization may differ on rare
captions). It is a speed anchor only: biaslab never runs or imports it except to print its figures
beside its own (`bench --only lic-linear --sklearn PYTHON`).

Prints one line `sklearn-anchor: ...` with CPU seconds (user + system, getrusage) and peak RSS (VmHWM),
and the time per phase; `--table` also prints the LIC table.
"""
import argparse
import hashlib
import json
import os
import pickle
import re
import resource
import sys
import time

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

MODELS = [
    ("SAT", "Show-Attend-Tell/gender_val_sat_cap_mw_entries.pkl", "sat"),
    ("FC", "Att2in_FC/gender_val_fc_cap_mw_entries.pkl", "fc"),
    ("Transformer", "Transformer/gender_val_transformer_cap_mw_entries.pkl", "transformer"),
    ("NIC+Equalizer", "Woman-Snowboard/gender_val_snowboard_cap_mw_entries.pkl", "nic_equalizer"),
]
# the paper's other captioners, from the LIC repository's bias_data folder (--extra DIR; not in ../shared)
EXTRA_MODELS = [
    ("NIC", "Show-Tell/gender_val_st10_cap_mw_entries.pkl", "nic"),
    ("Att2in", "Att2in_FC/gender_val_att2in_cap_mw_entries.pkl", "att2in"),
    ("UpDn", "UpDn/gender_val_updn_cap_mw_entries.pkl", "updn"),
    ("OSCAR", "Oscar/gender_val_oscar_cap_mw_entries.pkl", "oscar"),
    ("OSCAR-CIDEr", "Oscar/gender_val_cider_oscar_cap_mw_entries.pkl", "oscar"),
    ("NIC+", "Woman-Snowboard/gender_val_baselineft_cap_mw_entries.pkl", "nic_plus"),
]
MASK = "genderword"
CONST = "__const__"
MASK64 = (1 << 64) - 1


# ---- biaslab's seeds and splits ----

def to_signed(v):
    return v - (1 << 64) if v >= (1 << 63) else v


def java_seed(base, *parts):
    """org.biaslab.util.Hashing.seed: first 8 bytes of SHA-256 of base and parts joined by U+001F."""
    s = str(base) + "".join("\u001f" + str(p) for p in parts)
    d = hashlib.sha256(s.encode("utf-8")).digest()
    return to_signed(int.from_bytes(d[:8], "big"))


class SplittableRandom:
    """java.util.SplittableRandom(seed): nextInt() and nextInt(bound) as in Java 17."""
    GAMMA = 0x9E3779B97F4A7C15

    def __init__(self, seed):
        self.seed = seed & MASK64

    def _next_seed(self):
        self.seed = (self.seed + self.GAMMA) & MASK64
        return self.seed

    @staticmethod
    def _mix32(z):
        z = ((z ^ (z >> 33)) * 0x62A9D9ED799705F5) & MASK64
        z = ((z ^ (z >> 28)) * 0xCB24D0A5C88C35B3) & MASK64
        v = z >> 32
        return v - (1 << 32) if v >= (1 << 31) else v

    def next_int(self):
        return self._mix32(self._next_seed())

    def next_bounded(self, bound):
        r = self.next_int()
        m = bound - 1
        if bound & m == 0:
            return r & m
        u = (r & 0xFFFFFFFF) >> 1
        while True:
            r = u % bound
            if ((u + m - r) & 0xFFFFFFFF) < (1 << 31):  # Java: u + m - r >= 0 as a 32-bit int
                return r
            u = (self.next_int() & 0xFFFFFFFF) >> 1


def balanced_split(labels, test_fraction, seed):
    """org.biaslab.metric.leakage.BalancedSplit.draw."""
    by_class = [[i for i, l in enumerate(labels) if l == c] for c in (0, 1)]
    n_min = min(len(by_class[0]), len(by_class[1]))
    n_test = int(round(n_min * test_fraction))  # Python rounds half to even, as Math.rint
    n_train = n_min - n_test
    rng = SplittableRandom(seed)
    train, test = [], []
    for c in (0, 1):
        arr = list(by_class[c])
        for i in range(n_min):
            j = i + rng.next_bounded(len(arr) - i)
            arr[i], arr[j] = arr[j], arr[i]
        train += arr[:n_train]
        test += arr[n_train:n_min]
    for a in (train, test):
        for i in range(len(a) - 1, 0, -1):
            j = rng.next_bounded(i + 1)
            a[i], a[j] = a[j], a[i]
    return train, test


# ---- captions ----

def make_tokenizer(choice):
    if choice == "regex":
        pat = re.compile(r"\w+(?:'\w+)?|[^\w\s]")
        return pat.findall, "regex"
    try:
        from nltk.tokenize.destructive import NLTKWordTokenizer
        t = NLTKWordTokenizer()
        return t.tokenize, "NLTK Treebank"
    except ImportError:
        pat = re.compile(r"\w+(?:'\w+)?|[^\w\s]")
        return pat.findall, "regex (nltk not installed)"


def word_list(root, name):
    path = os.path.join(root, "framework/src/main/resources/org/biaslab/text/wordlists", name + ".txt")
    with open(path, encoding="utf-8") as f:
        return {w.strip().lower() for w in f if w.strip() and not w.strip().startswith("#")}


def preprocess(tokenize, text, lower, mask, vocab):
    out = []
    for t in tokenize(text.lower() if lower else text):
        if t in mask:
            out.append(MASK)
        elif vocab is not None and t not in vocab:
            out += ["<", "unk", ">"]
        else:
            out.append(t)
    out.append(CONST)
    return out


# ---- classifier ----

def identity(tokens):
    return tokens


def train_and_score(docs, labels, split):
    train, test = split
    vec = CountVectorizer(binary=True, analyzer=identity)
    x_train = vec.fit_transform([docs[i] for i in train])
    x_test = vec.transform([docs[i] for i in test])
    y_train = np.array([labels[i] for i in train])
    y_test = np.array([labels[i] for i in test])
    clf = LogisticRegression(solver="liblinear", C=1.0, tol=1e-4, max_iter=1000, intercept_scaling=1.0)
    clf.fit(x_train, y_train)
    p = clf.predict_proba(x_test)
    pred = (p[:, 1] >= 0.5).astype(int)
    right = pred == y_test
    lic = float(np.where(right, p[np.arange(len(pred)), pred], 0.0).mean())
    return lic, float(right.mean())


def bootstrap(x, rng, resamples=2000, confidence=0.95):
    x = np.asarray(x)
    means = x[rng.integers(0, len(x), size=(resamples, len(x)))].mean(axis=1)
    a = (1 - confidence) / 2
    return x.mean(), np.quantile(means, a), np.quantile(means, 1 - a)


def peak_rss_mb():
    """Peak resident set of this process: VmHWM on Linux (ru_maxrss keeps a spawning parent's peak
    across exec, e.g. when the JVM of `biaslab bench` starts this script), else ru_maxrss."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    root = os.path.normpath(os.path.join(here, "..", ".."))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(root, "..", "shared", "data"), help="shared data folder")
    ap.add_argument("--seeds", type=int, default=10)
    ap.add_argument("--protocols", default="paper,paired")
    ap.add_argument("--experiment-seed", type=int, default=2022)
    ap.add_argument("--test-fraction", type=float, default=0.1)
    ap.add_argument("--table", action="store_true", help="also print the LIC table")
    ap.add_argument("--tokenizer", choices=["nltk", "regex"], default="nltk",
                    help="NLTK's Treebank word tokenizer (default, when nltk is installed) or a simple regex")
    ap.add_argument("--extra", metavar="DIR",
                    help="also the six other captioners of the paper, from the LIC repository's bias_data folder DIR")
    args = ap.parse_args()
    protocols = args.protocols.split(",")
    wall0 = time.perf_counter()
    lic_dir = os.path.join(args.data, "lic-captions")
    models = [(name, os.path.join(lic_dir, file), os.path.join(lic_dir, "model_vocab", vocab + "_vocab.pkl"))
              for name, file, vocab in MODELS]
    if args.extra:
        models += [(name, os.path.join(args.extra, file), os.path.join(args.extra, "model_vocab", vocab + "_vocab.pkl"))
                   for name, file, vocab in EXTRA_MODELS]

    # read
    images = []
    with open(os.path.join(args.data, "coco/coco_val2014_gender_set_10780.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                o = json.loads(line)
                g = o.get("gender") if o.get("gender") is not None else o.get("bb_gender", "")
                if g in ("Male", "Female"):
                    images.append((o["img_id"], 0 if g == "Male" else 1, o["human_captions"]))
    captions, vocabs = {}, {}
    for name, file, vocab in models:
        with open(file, "rb") as f:
            captions[name] = [(e["img_id"], e["pred"]) for e in pickle.load(f)]
        with open(vocab, "rb") as f:
            vocabs[name] = set(pickle.load(f))
    t_read = time.perf_counter()

    # tokenize, mask, align (once per caption and model)
    tokenize, tok_name = make_tokenizer(args.tokenizer)
    mask = word_list(root, "lic-masculine") | word_list(root, "lic-feminine")
    labels = [lab for _, lab, _ in images]
    per_image = min(5, min(len(c) for _, _, c in images))
    position = {img_id: n for n, (img_id, _, _) in enumerate(images)}
    human_tokens = [[tokenize(c[k].lower()) for _, _, c in images] for k in range(per_image)]
    data = {}
    for name, _, _ in models:
        vocab = vocabs[name]
        human = [[align(toks, mask, vocab) for toks in human_tokens[k]] for k in range(per_image)]
        by_id = dict(captions[name])
        model_texts = [preprocess(tokenize, by_id[i], False, mask, None) for i, _, _ in images]
        order, seen = [], set()
        for img_id, _ in captions[name]:
            p = position.get(img_id)
            if p is not None and img_id not in seen:
                seen.add(img_id)
                order.append(p)
        data[name] = (human, model_texts, [model_texts[p] for p in order], [labels[p] for p in order])
    t_tok = time.perf_counter()

    # train and score
    trainings = 0
    results = {}  # (model, protocol) -> list of (lic_m, lic_d, acc_m, acc_d)
    for s in range(args.seeds):
        split_seed = java_seed(args.experiment_seed, "lic-split", "gender", s)
        human_split = balanced_split(labels, args.test_fraction, split_seed)
        for name, _, _ in models:
            human, model_texts, mo_texts, mo_labels = data[name]
            hs = [train_and_score(human[k], labels, human_split) for k in range(per_image)]
            trainings += len(hs)
            lic_d = float(np.mean([h[0] for h in hs]))
            acc_d = float(np.mean([h[1] for h in hs]))
            for protocol in protocols:
                if protocol == "paired":
                    m = train_and_score(model_texts, labels, human_split)
                else:
                    m = train_and_score(mo_texts, mo_labels, balanced_split(mo_labels, args.test_fraction, split_seed))
                trainings += 1
                results.setdefault((name, protocol), []).append((m[0], lic_d, m[1], acc_d))
    t_train = time.perf_counter()

    # aggregate: mean and bootstrap interval per row
    rng = np.random.default_rng(args.experiment_seed)
    table = []
    for protocol in protocols:
        for name, _, _ in models:
            r = np.array(results[(name, protocol)]) * 100
            table.append((protocol, name, bootstrap(r[:, 0], rng), bootstrap(r[:, 1], rng),
                          bootstrap(r[:, 0] - r[:, 1], rng), r[:, 2].mean(), r[:, 3].mean()))
    t_end = time.perf_counter()

    ru = resource.getrusage(resource.RUSAGE_SELF)
    cpu = ru.ru_utime + ru.ru_stime
    if args.table:
        for protocol, name, lm, ld, lic, am, ad in table:
            print("%-6s %-14s LIC_M %.1f [%.1f, %.1f]  LIC_D %.1f [%.1f, %.1f]  LIC %.2f [%.2f, %.2f]  acc %.1f / %.1f"
                  % ((protocol, name) + tuple(lm) + tuple(ld) + tuple(lic) + (am, ad)))
    print("sklearn-anchor: scikit-learn %s, %d classifier trainings (%d seed(s), %s), tokenizer %s, 1 process: "
          "CPU %.1f s (user %.1f, system %.1f), peak RSS %d MB, wall %.1f s "
          "(read %.1f s, tokenize %.1f s, train+score %.1f s, aggregate %.2f s)"
          % (__import__("sklearn").__version__, trainings, args.seeds, " + ".join(protocols), tok_name,
             cpu, ru.ru_utime, ru.ru_stime, peak_rss_mb(), t_end - wall0, t_read - wall0, t_tok - t_read,
             t_train - t_tok, t_end - t_train))
    sys.stdout.flush()


def align(tokens, mask, vocab):
    out = []
    for t in tokens:
        if t in mask:
            out.append(MASK)
        elif t not in vocab:
            out += ["<", "unk", ">"]
        else:
            out.append(t)
    out.append(CONST)
    return out


if __name__ == "__main__":
    main()
