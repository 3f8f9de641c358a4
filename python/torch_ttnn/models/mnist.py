"""The classic two-convolution MNIST CNN (pytorch/examples), and real data to measure it on.

MNIST itself cannot be downloaded here; scikit-learn ships the UCI handwritten digits (1797 images of
8x8), which are upscaled to 28x28 so the network sees MNIST's input shape. ``train_digits`` trains the CNN on
them for a real test-set accuracy (eager vs compiled).
"""

from __future__ import annotations

from torch_ttnn.models import ModelCase, register


def mnist_cnn():
    import torch.nn as nn
    import torch.nn.functional as F

    class Net(nn.Module):
        def __init__(self):
            super().__init__()
            self.conv1 = nn.Conv2d(1, 32, 3, 1)
            self.conv2 = nn.Conv2d(32, 64, 3, 1)
            self.dropout1 = nn.Dropout(0.25)
            self.dropout2 = nn.Dropout(0.5)
            self.fc1 = nn.Linear(9216, 128)
            self.fc2 = nn.Linear(128, 10)

        def forward(self, x):
            x = F.relu(self.conv1(x))
            x = F.max_pool2d(F.relu(self.conv2(x)), 2)
            x = self.dropout1(x).flatten(1)
            x = self.dropout2(F.relu(self.fc1(x)))
            return F.log_softmax(self.fc2(x), dim=1)

    return Net()


def digits(split: str = "train", test_fraction: float = 0.25):
    """scikit-learn's digits as MNIST-shaped tensors: images [N, 1, 28, 28] normalised like MNIST, labels [N]."""
    import torch
    import torch.nn.functional as F
    from sklearn.datasets import load_digits

    data = load_digits()
    images = torch.tensor(data.images, dtype=torch.float32).unsqueeze(1) / 16.0
    images = F.interpolate(images, size=(28, 28), mode="bilinear", align_corners=False)
    images = (images - 0.1307) / 0.3081  # MNIST's mean and std, as the pytorch example normalises
    labels = torch.tensor(data.target, dtype=torch.long)
    order = torch.randperm(len(labels), generator=torch.Generator().manual_seed(0))
    cut = int(len(labels) * (1 - test_fraction))
    chosen = order[:cut] if split == "train" else order[cut:]
    return images[chosen], labels[chosen]


def _batch(size: int):
    images, labels = digits("train")
    return images[:size], labels[:size]


@register("Mnist (Eval)")
def mnist_eval(size: str) -> ModelCase:
    images, _ = _batch(64 if size == "report" else 8)
    return ModelCase(mnist_cnn(), (images,))


@register("Mnist (Train)")
def mnist_train(size: str) -> ModelCase:
    import torch.nn.functional as F

    images, labels = _batch(64 if size == "report" else 8)
    model = mnist_cnn()
    model.train()
    return ModelCase(model, (images,), train=True, targets=labels, loss=F.nll_loss)
