"""The six course workloads in PyTorch, with PyTorch's default initialisation.

The Java half builds the same architectures in Crema (bench/src/main/java/crema/bench/workloads/).
Every model takes images [B, 1, 28, 28] in [0, 1].
"""
import torch
from torch import nn
import torch.nn.functional as F


def mlp():
    return nn.Sequential(
        nn.Flatten(),
        nn.Linear(784, 256), nn.ReLU(),
        nn.Linear(256, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


def lenet():
    """LeNet-5 as taught in the course: ReLU and max pooling instead of sigmoid and average."""
    return nn.Sequential(
        nn.Conv2d(1, 6, 5, padding=2), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(6, 16, 5), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(16 * 5 * 5, 120), nn.ReLU(),
        nn.Linear(120, 84), nn.ReLU(),
        nn.Linear(84, 10),
    )


def cnn():
    return nn.Sequential(
        nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
        nn.Flatten(),
        nn.Linear(64 * 7 * 7, 128), nn.ReLU(),
        nn.Linear(128, 10),
    )


class RowLSTM(nn.Module):
    """Reads the 28 rows of an image as a sequence of 28 vectors; classifies the last hidden state."""

    def __init__(self, hidden=128):
        super().__init__()
        self.lstm = nn.LSTM(28, hidden, batch_first=True)
        self.fc = nn.Linear(hidden, 10)

    def forward(self, x):
        out, (h, c) = self.lstm(x.reshape(-1, 28, 28))
        return self.fc(h[-1])


class RowTransformer(nn.Module):
    """Rows as tokens: linear embedding + learned positions, 2 encoder layers, mean pool.

    Dropout is 0 so that both sides compute the same function (Crema's encoder may lack it).
    """

    def __init__(self, d_model=64, heads=4, layers=2, ff=128):
        super().__init__()
        self.embed = nn.Linear(28, d_model)
        self.pos = nn.Parameter(torch.zeros(1, 28, d_model))
        nn.init.normal_(self.pos, std=0.02)
        layer = nn.TransformerEncoderLayer(d_model, heads, ff, dropout=0.0, batch_first=True)
        self.encoder = nn.TransformerEncoder(layer, layers, enable_nested_tensor=False)
        self.fc = nn.Linear(d_model, 10)

    def forward(self, x):
        h = self.embed(x.reshape(-1, 28, 28)) + self.pos
        return self.fc(self.encoder(h).mean(dim=1))


class VAE(nn.Module):
    """784-400-20 VAE (Kingma & Welling). At evaluation z = mu, so the test loss is deterministic."""

    def __init__(self):
        super().__init__()
        self.enc = nn.Linear(784, 400)
        self.mu = nn.Linear(400, 20)
        self.logvar = nn.Linear(400, 20)
        self.dec1 = nn.Linear(20, 400)
        self.dec2 = nn.Linear(400, 784)

    def forward(self, x):
        h = F.relu(self.enc(x.reshape(-1, 784)))
        mu, logvar = self.mu(h), self.logvar(h)
        z = mu + torch.randn_like(mu) * torch.exp(0.5 * logvar) if self.training else mu
        return torch.sigmoid(self.dec2(F.relu(self.dec1(z)))), mu, logvar

    @staticmethod
    def loss(recon, x, mu, logvar):
        """Summed BCE plus KL divergence, averaged over the batch."""
        bce = F.binary_cross_entropy(recon, x.reshape(-1, 784), reduction="sum")
        kld = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())
        return (bce + kld) / x.shape[0]


BUILDERS = {
    "mlp": mlp,
    "lenet": lenet,
    "cnn": cnn,
    "lstm": RowLSTM,
    "transformer": RowTransformer,
    "vae": VAE,
}
