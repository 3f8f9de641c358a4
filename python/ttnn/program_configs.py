"""TT-NN's program configs: how a card splits matmul, softmax and norms over its cores.

On this device every op computes the same values whatever the schedule, so a config's scheduling fields are
kept (for code that reads them back) and only what changes values reaches the op: a matmul config's
``fused_activation``. Each config hands that to C++ through ``_ttnn_arg()``.

>>> import ttnn
>>> config = ttnn.MatmulMultiCoreReuseMultiCast1DProgramConfig(
...     compute_with_storage_grid_size=ttnn.CoreCoord(8, 4), in0_block_w=2, out_subblock_h=1, out_subblock_w=4,
...     per_core_M=1, per_core_N=4, fuse_batch=True, fused_activation=ttnn.UnaryWithParam(ttnn.UnaryOpType.RELU),
...     mcast_in0=True)
>>> config.per_core_N, config._ttnn_arg()
(4, 'relu')
"""

from __future__ import annotations


class _ProgramConfig:
    """Fields by keyword, as TT-NN's configs take them; ``FIELDS`` names the ones each config has."""

    FIELDS: tuple[str, ...] = ()

    def __init__(self, **fields):
        unknown = sorted(set(fields) - set(self.FIELDS))
        if unknown:
            raise TypeError(f"{type(self).__name__}: unexpected fields {unknown}; expected some of {list(self.FIELDS)}")
        for name in self.FIELDS:
            setattr(self, name, fields.get(name))

    def _ttnn_arg(self) -> str:
        activation = getattr(self, "fused_activation", None)
        return "" if activation is None else str(activation)

    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in self.FIELDS if getattr(self, n) is not None)
        return f"{type(self).__name__}({shown})"


_MATMUL = ("compute_with_storage_grid_size", "in0_block_w", "out_subblock_h", "out_subblock_w", "out_block_h")
_MATMUL += ("out_block_w", "per_core_M", "per_core_N")


class MatmulMultiCoreReuseProgramConfig(_ProgramConfig):
    FIELDS = _MATMUL


class MatmulMultiCoreReuseMultiCastProgramConfig(_ProgramConfig):
    FIELDS = (*_MATMUL, "transpose_mcast", "fused_activation", "fuse_batch")


class MatmulMultiCoreReuseMultiCast1DProgramConfig(_ProgramConfig):
    FIELDS = (*_MATMUL, "fuse_batch", "fused_activation", "mcast_in0", "gather_in0", "hop_cores")
    FIELDS += ("num_global_cb_receivers", "untilize_out")


class MatmulMultiCoreReuseMultiCastDRAMShardedProgramConfig(_ProgramConfig):
    FIELDS = ("in0_block_w", "per_core_M", "per_core_N", "fused_activation")


class SoftmaxDefaultProgramConfig(_ProgramConfig):
    FIELDS = ()


class SoftmaxShardedMultiCoreProgramConfig(_ProgramConfig):
    FIELDS = ("compute_with_storage_grid_size", "subblock_w", "block_h", "block_w")


class LayerNormDefaultProgramConfig(_ProgramConfig):
    FIELDS = ("legacy_reduction", "legacy_rsqrt")


class LayerNormShardedMultiCoreProgramConfig(_ProgramConfig):
    FIELDS = ("compute_with_storage_grid_size", "subblock_w", "block_h", "block_w", "inplace")
    FIELDS += ("legacy_reduction", "legacy_rsqrt")


class Conv2dConfig(_ProgramConfig):
    """TT-NN's conv2d options. ``activation`` applies to the output; ``weights_dtype`` may only be bfloat16
    or float32 (the weights are kept as given), ``output_layout`` only TILE; the rest schedule a card's cores."""

    FIELDS = ("weights_dtype", "activation", "deallocate_activation", "reallocate_halo_output")
    FIELDS += ("config_tensors_in_dram", "act_block_h_override", "act_block_w_div", "reshard_if_not_optimal")
    FIELDS += ("override_sharding_config", "shard_layout", "core_grid", "transpose_shards", "output_layout")
    FIELDS += ("enable_act_double_buffer", "enable_weights_double_buffer", "enable_split_reader", "in_place")
    FIELDS += ("enable_kernel_stride_folding", "full_inner_dim", "enable_activation_reuse", "force_split_reader")

    def __init__(self, **fields):
        super().__init__(**fields)
        import ttnn

        if self.weights_dtype not in (None, ttnn.bfloat16, ttnn.float32):
            raise NotImplementedError(
                f"Conv2dConfig: weights_dtype {self.weights_dtype} is not modelled; expected bfloat16"
            )
        if self.output_layout not in (None, ttnn.TILE_LAYOUT):
            raise NotImplementedError(f"Conv2dConfig: output_layout must be TILE_LAYOUT here; got {self.output_layout}")

    def _ttnn_arg(self) -> str:
        return "" if not self.activation else str(self.activation)


CONFIGS = (
    Conv2dConfig,
    MatmulMultiCoreReuseProgramConfig,
    MatmulMultiCoreReuseMultiCastProgramConfig,
    MatmulMultiCoreReuseMultiCast1DProgramConfig,
    MatmulMultiCoreReuseMultiCastDRAMShardedProgramConfig,
    SoftmaxDefaultProgramConfig,
    SoftmaxShardedMultiCoreProgramConfig,
    LayerNormDefaultProgramConfig,
    LayerNormShardedMultiCoreProgramConfig,
)
