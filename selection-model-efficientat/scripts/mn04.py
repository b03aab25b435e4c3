"""Our own PyTorch definition of EfficientAT's MobileNetV3 audio tagger at width 0.4 (``mn04_as``).

The layer table, channel rounding and block structure are facts of the upstream model
(github fschmid56/EfficientAT, commit a425fdc, MIT: models/mn/model.py, models/mn/block_types.py,
models/mn/utils.py), which adapts torchvision's MobileNetV3 (arXiv:1905.02244). This file is written
from those facts; it is not a copy of the upstream code. It loads the released state dict
(``mn04_as_mAP_432.pt``) with ``strict=True``, so every parameter name and shape is checked.

Outputs of ``forward(mel)`` for ``mel`` of shape [N, 1, 128, T]:
  logits    [N, 527]  AudioSet class logits (sigmoid gives tag probabilities)
  embedding [N, 384]  global average of the last 1x1 conv block (upstream's "features")
  hidden    [N, 512]  the classifier's hidden layer (Linear + Hardswish, before the last Linear)
"""
import torch
from torch import nn


def make_divisible(v, divisor=8):
    # MobileNet channel rounding (TF slim mobilenet.py rule): nearest multiple of 8, never more than
    # 10 % below the requested value.
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class ConvBnAct(nn.Sequential):
    """Conv2d (no bias, 'same' padding) + BatchNorm2d(eps=1e-3) + optional activation.

    Module indices 0, 1 (and 2) match the upstream state-dict names."""

    def __init__(self, cin, cout, kernel, stride=1, groups=1, act=None):
        layers = [nn.Conv2d(cin, cout, kernel, stride, (kernel - 1) // 2, groups=groups, bias=False),
                  nn.BatchNorm2d(cout, eps=0.001, momentum=0.01)]
        if act is not None:
            layers.append(act())
        super().__init__(*layers)


class SqueezeExcite(nn.Module):
    """Channel squeeze-excitation: mean over frequency and time, FC, ReLU, FC, sigmoid, scale."""

    def __init__(self, channels, squeeze):
        super().__init__()
        self.fc1 = nn.Linear(channels, squeeze)
        self.fc2 = nn.Linear(squeeze, channels)

    def forward(self, x):
        s = x.mean(dim=(2, 3))
        s = torch.sigmoid(self.fc2(torch.relu(self.fc1(s))))
        return x * s[:, :, None, None]


class ConcurrentSE(nn.Module):
    """Upstream wraps SE layers in a list aggregated by max; with the default (channel only) there is
    one layer and the max over one element is that layer's output."""

    def __init__(self, channels):
        super().__init__()
        self.conc_se_layers = nn.ModuleList([SqueezeExcite(channels, make_divisible(channels // 4))])

    def forward(self, x):
        return self.conc_se_layers[0](x)


class InvertedResidual(nn.Module):
    def __init__(self, cin, kernel, cexp, cout, use_se, hardswish, stride):
        super().__init__()
        act = nn.Hardswish if hardswish else nn.ReLU
        layers = []
        if cexp != cin:
            layers.append(ConvBnAct(cin, cexp, 1, act=act))
        layers.append(ConvBnAct(cexp, cexp, kernel, stride, groups=cexp, act=act))
        if use_se:
            layers.append(ConcurrentSE(cexp))
        layers.append(ConvBnAct(cexp, cout, 1, act=None))
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.block(x)
        return y + x if self.residual else y


# MobileNetV3-Large table (arXiv:1905.02244, Table 1), as upstream: input channels, kernel, expanded
# channels, output channels, squeeze-excite, activation (HS = hardswish, RE = relu), stride.
LARGE = [
    (16, 3, 16, 16, False, "RE", 1),
    (16, 3, 64, 24, False, "RE", 2),
    (24, 3, 72, 24, False, "RE", 1),
    (24, 5, 72, 40, True, "RE", 2),
    (40, 5, 120, 40, True, "RE", 1),
    (40, 5, 120, 40, True, "RE", 1),
    (40, 3, 240, 80, False, "HS", 2),
    (80, 3, 200, 80, False, "HS", 1),
    (80, 3, 184, 80, False, "HS", 1),
    (80, 3, 184, 80, False, "HS", 1),
    (80, 3, 480, 112, True, "HS", 1),
    (112, 3, 672, 112, True, "HS", 1),
    (112, 5, 672, 160, True, "HS", 2),
    (160, 5, 960, 160, True, "HS", 1),
    (160, 5, 960, 160, True, "HS", 1),
]


class MN(nn.Module):
    def __init__(self, width=0.4, classes=527):
        super().__init__()
        ch = lambda c: make_divisible(c * width)
        layers = [ConvBnAct(1, ch(16), 3, 2, act=nn.Hardswish)]
        for cin, k, cexp, cout, se, act, stride in LARGE:
            layers.append(InvertedResidual(ch(cin), k, ch(cexp), ch(cout), se, act == "HS", stride))
        last_in = ch(160)
        last_out = 6 * last_in
        layers.append(ConvBnAct(last_in, last_out, 1, act=nn.Hardswish))
        self.features = nn.Sequential(*layers)
        hidden = ch(1280)
        # Indices 2 and 5 as upstream (0 pooling, 1 flatten, 3 hardswish, 4 dropout).
        self.classifier = nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten(1), nn.Linear(last_out, hidden),
                                        nn.Hardswish(), nn.Dropout(0.2), nn.Linear(hidden, classes))

    def forward(self, mel):
        x = self.features(mel)
        embedding = x.mean(dim=(2, 3))
        hidden = self.classifier[3](self.classifier[2](embedding))
        logits = self.classifier[5](hidden)
        return logits, embedding, hidden


def load(pt_path):
    model = MN()
    state = torch.load(pt_path, map_location="cpu")
    model.load_state_dict(state, strict=True)
    model.eval()
    return model
