"""Text generation through the compiled model, side by side with eager: prefill ms, decode ms per token and
tokens/s, graphs compiled, and greedy tokens against eager float32 (equal, or the index of the first new
token that differs).

GPT-2 small (124 M parameters, seeded random weights: nothing is downloaded) by default; the prompt fills the
cache with --prompt tokens and --new tokens are generated greedily. Every compiled configuration runs once to
compile (prefill, the decode step and, with the dynamic cache, each cache length), then the timed runs reuse
those programs. Decode per token is (time of N new tokens - time of 1) / (N - 1); medians over --repeats.
Run: PYTHONPATH=python python benchmarks/generate_bench.py [--model gpt2|llama] [--prompt 128] [--new 32]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

from benchmarks import torch_env

torch_env.prepare()

import torch  # noqa: E402
import torch_ttnn  # noqa: E402
import transformers  # noqa: E402
import ttnn  # noqa: E402


def build(name: str):
    torch.manual_seed(0)
    if name == "gpt2":
        return transformers.GPT2LMHeadModel(transformers.GPT2Config()).eval()
    config = transformers.LlamaConfig(
        hidden_size=768, intermediate_size=2048, num_hidden_layers=12, num_attention_heads=12, num_key_value_heads=4
    )
    return transformers.LlamaForCausalLM(config).eval()


def timed_generate(model, ids, new: int, cache: str | None) -> tuple[float, torch.Tensor]:
    kwargs = {"max_new_tokens": new, "min_new_tokens": new, "do_sample": False}
    if cache:
        kwargs["cache_implementation"] = cache
    start = time.perf_counter()
    out = model.generate(ids, **kwargs)
    return time.perf_counter() - start, out


def measure(model, ids, new: int, cache: str | None, repeats: int) -> dict:
    timed_generate(model, ids, new, cache)  # compiles (compiled runs) and warms up
    one = statistics.median(timed_generate(model, ids, 1, cache)[0] for _ in range(repeats))
    runs = [timed_generate(model, ids, new, cache) for _ in range(repeats)]
    total = statistics.median(t for t, _ in runs)
    decode = (total - one) / (new - 1)
    return {"prefill_ms": one * 1e3, "decode_ms": decode * 1e3, "tokens_s": 1 / decode, "tokens": runs[0][1]}


def first_difference(tokens: torch.Tensor, reference: torch.Tensor, prompt: int) -> str:
    if torch.equal(tokens, reference):
        return "equal"
    differs = (tokens[0, prompt:] != reference[0, prompt:]).nonzero()
    return f"token {int(differs[0, 0])} differs"


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", choices=("gpt2", "llama"), default="gpt2")
    parser.add_argument("--prompt", type=int, default=128)
    parser.add_argument("--new", type=int, default=32)
    parser.add_argument("--repeats", type=int, default=3)
    torch_env.add_argument(parser)
    args = parser.parse_args(argv)
    model = build(args.model)
    ids = torch.randint(0, model.config.vocab_size, (1, args.prompt))
    device = ttnn.open_device(device_id=0)
    rows = []
    with torch.no_grad():
        eager = measure(model, ids, args.new, None, args.repeats)
        rows.append(("eager fp32", "dynamic", eager, "-", "reference"))
        forward = model.forward
        for dtype in (ttnn.float32, ttnn.bfloat16):
            for cache in ("dynamic", "static"):
                option = torch_ttnn.TorchTtnnOption(device=device, dtype=dtype, size_cache=args.new + 8)
                torch._dynamo.reset()
                model.forward = torch.compile(forward, backend=torch_ttnn.backend, options=option)
                result = measure(model, ids, args.new, None if cache == "dynamic" else cache, args.repeats)
                graphs = len(option.metrics())
                host = sum(sum(m["ops_remaining"].values()) for m in option.metrics())
                label = f"torch_ttnn {'fp32' if dtype == ttnn.float32 else 'bf16'}"
                agreement = first_difference(result["tokens"], eager["tokens"], args.prompt)
                rows.append((label, cache, result, f"{graphs} ({host} host ops)", agreement))
                option.release()
        model.forward = forward
    print(f"{args.model}, prompt {args.prompt} tokens, {args.new} new tokens, medians of {args.repeats}")
    print("| run | cache | prefill ms | decode ms/token | tokens/s | graphs compiled | greedy tokens vs eager fp32 |")
    print("|---|---|---|---|---|---|---|")
    for label, cache, r, graphs, agreement in rows:
        print(
            f"| {label} | {cache} | {r['prefill_ms']:.1f} | {r['decode_ms']:.2f} | {r['tokens_s']:.1f} | {graphs} "
            f"| {agreement} |"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
