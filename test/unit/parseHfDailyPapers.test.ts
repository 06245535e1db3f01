import * as assert from 'assert';
import { parseHfDailyPapers } from '../../src/core/parse/hfDailyPapers';
import { ParsedEntry } from '../../src/core/types';
import { SEED_FILES, TODAY, assertAbstractBounds, readSeed, seedLine, titles } from './parseTestSupport';

/** [title line, title, authorCount, organization, date, upvotes, abstract's first words, abstract's last words], read off the pages. */
type ExpectedHfEntry = [number, string, number | null, string | null, string | null, number | null, string, string];

const ENTRIES_001: ExpectedHfEntry[] = [
  [13, "Multi-scale Feature Learning Dynamics: Insights for Double Descent", 4, null, "2021-12-06", null, "A key challenge in", "in deep neural networks."],
  [21, "PerturbDiff: Functional Diffusion for Single-Cell Perturbation Modeling", 6, null, "2026-02-22", null, "Building Virtual Cells that", "made publicly available (https://github.com/DeepGraphLearning/PerturbDiff)."],
  [29, "Geometric coherence of single-cell CRISPR perturbations reveals regulatory architecture and predicts cellular stress", 1, null, "2026-04-16", 1, "Genome engineering has achieved", "in silico perturbation predictions."],
  [37, "Unlasting: Unpaired Single-Cell Multi-Perturbation Estimation by Dual Conditional Diffusion Implicit Bridges", 8, null, "2025-06-26", null, "Estimating single-cell responses across", "heterogeneity in single-cell responses."],
  [45, "Perturbation Analysis of Neural Collapse", 3, null, "2022-10-29", null, "Training deep neural networks", "practical deep learning settings."],
  [53, "Understanding the Role of Optimization in Double Descent", 2, null, "2023-12-06", null, "The phenomenon of model-wise", "in carefully designed setups."],
  [61, "On the Dynamics of Acceleration in First order Gradient Methods", 5, null, "2025-09-22", null, "Ever since the original", "in the Heavy-Ball method."],
  [69, "Ground State Preparation via Dynamical Cooling", 4, null, "2024-04-08", null, "Quantum algorithms for probing", "algorithms for ground-state preparation."],
  [77, "Generalizable Data-free Objective for Crafting Universal Adversarial Perturbations", 3, null, "2018-01-24", null, "Machine learning models are", "for our proposed algorithm."],
  [85, "A Comprehensive Perturbative Formalism for Phase Mixing in Perturbed Disks. II. Phase Spirals in an Inhomogeneous Disk Galaxy with a Non-responsive Dark Matter Halo", 3, null, "2023-02-28", null, "We develop a linear", "of an ambient halo."],
  [93, "The Slepian model based independent interval approximation of persistency and zero-level exceedance distributions", 2, null, "2024-01-03", null, "In physics and engineering", "should not be used."],
];
const ENTRIES_002: ExpectedHfEntry[] = [
  [13, "Modeling transport in weakly collisional plasmas using thermodynamic forcing", 2, null, "2025-04-18", null, "How momentum, energy, and", "and inertial confinement fusion."],
  [21, "Empirical Analysis of the Hessian of Over-Parametrized Neural Networks", 5, null, "2017-06-14", null, "We study the properties", "to the same basin."],
  [29, "Interplay between thermal and compositional gradients decides the microstructure during thermomigration: a phase-field study", 4, null, "2024-06-02", null, "The presence of thermal", "presence of thermal gradient."],
  [37, "Gradient-Normalized Smoothness for Optimization with Approximate Hessians", 3, null, "2025-06-16", null, "In this work, we", "Fisher and Gauss-Newton approximations."],
  [45, "Nonequilibrium Phenomena in Driven and Active Coulomb Field Theories", 2, null, "2022-07-01", null, "The classical Coulomb gas", "directions, which are discussed."],
  [53, "EquiNO: A Physics-Informed Neural Operator for Multiscale Simulations", 5, null, "2025-03-27", null, "Multiscale problems are ubiquitous", "data-driven and physics-based strategies."],
  [61, "Scaling physics-informed hard constraints with mixture-of-experts", 3, null, "2024-02-20", null, "Imposing known physical constraints,", "training and inference stages."],
  [69, "Efficient and Modular Implicit Differentiation", 8, null, "2021-05-31", null, "Automatic differentiation (autodiff) has", "analysis of molecular dynamics."],
  [77, "Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking", 1, null, "2025-09-25", null, "While the phenomenon of", "extended to multi-layer architectures."],
  [85, "A Unified Perspective on Optimization in Machine Learning and Neuroscience: From Gradient Descent to Neural Adaptation", 3, null, "2025-10-21", null, "Iterative optimization is central", "exploit intrinsic hardware noise."],
  [93, "Parabolic-elliptic and indirect-direct simplifications in chemotaxis systems driven by indirect signalling", 4, null, "2025-08-02", null, "Singular limits for the", "manifold are also revealed."],
  [101, "Explaining Neural Scaling Laws", 5, null, "2021-02-12", null, "The population loss of", "relationships between scaling exponents."],
  [109, "Dale meets Langevin: A Multiplicative Denoising Diffusion Model", null, null, null, null, "Gradient descent has proven", "on geometric Brownian motion."],
  [113, "Noise-Adaptive Layerwise Learning Rates: Accelerating Geometry-Aware Optimization for Deep Neural Network Training", 5, null, "2025-10-15", null, "Geometry-aware optimization algorithms, such", "convergence than state-of-the-art optimizers."],
  [121, "Weight-Entanglement Meets Gradient-Based Neural Architecture Search", 4, null, "2023-12-16", null, "Weight sharing is a", "is openly accessible https://anonymous.4open.science/r/TangleNAS-527C{here}"],
  [129, "Lagrangian PINNs: A causality-conforming solution to failure modes of physics-informed neural networks", 3, null, "2022-05-05", null, "Physics-informed neural networks (PINNs)", "in the Eulerian framework."],
  [137, "Geometric Deep Learning: Grids, Groups, Graphs, Geodesics, and Gauges", 4, null, "2021-04-27", null, "The last decade has", "yet to be invented."],
  [145, "diffGrad: An Optimization Method for Convolutional Neural Networks", 6, null, "2019-09-12", 1, "Stochastic Gradient Decent (SGD)", "publicly available at https://github.com/shivram1987/diffGrad."],
  [153, "Improving equilibrium propagation without weight symmetry through Jacobian homeostasis", 2, null, "2023-09-05", null, "Equilibrium propagation (EP) is", "the substrate's relaxation dynamics."],
  [161, "Robust Layerwise Scaling Rules by Proper Weight Decay Tuning", null, null, null, null, "Empirical scaling laws prescribe", "hyperparameter transfer under AdamW."],
  [165, "On Kinetic Optimal Probability Paths for Generative Models", 5, null, "2023-06-11", null, "Recent successful generative models", "empirical experiments on ImageNet."],
  [173, "MSA-3D: Metallicity Gradients in Galaxies at zsim1 with JWST/NIRSpec Slit-stepping Spectroscopy", 17, null, "2024-09-03", null, "The radial gradient of", "spatial and spectral resolution."],
  [181, "On gauge freedom, conservativity and intrinsic dimensionality estimation in diffusion models", 2, null, "2024-02-06", null, "Diffusion models are generative", "be conservative is desirable."],
  [189, "Decomposed Diffusion Sampler for Accelerating Large-Scale Inverse Problems", 3, null, "2023-03-10", null, "Krylov subspace, which is", "is available at https://github.com/HJ-harry/DDS"],
  [197, "Drop-Muon: Update Less, Converge Faster", 4, null, "2025-10-02", null, "Conventional wisdom in deep", "alternative to full-network updates."],
  [205, "Muon: Training and Trade-offs with Latent Attention and MoE", 4, null, "2025-09-29", null, "We present a comprehensive", "and large-batch training regimes."],
  [213, "High-dimensional dynamics of generalization error in neural networks", 2, null, "2017-10-10", null, "We perform an average", "behavior observed in simulation."],
  [221, "The Monge Gap: A Regularizer to Learn All Transport Maps", 2, null, "2023-02-09", null, "Optimal transport (OT) theory", "other baselines in practice."],
  [229, "Towards Cross Domain Generalization of Hamiltonian Representation via Meta Learning", 2, null, "2022-12-02", null, "Recent advances in deep", "systems via deep learning."],
  [237, "A Deep Conjugate Direction Method for Iteratively Solving Linear Systems", 6, null, "2022-05-22", null, "We present a novel", "those encountered during training."],
  [245, "Landscaping Linear Mode Connectivity", 6, null, "2024-06-23", null, "The presence of linear", "the occurrence of LMC."],
  [253, "An adaptively inexact first-order method for bilevel optimization with application to hyperparameter learning", 4, null, "2023-08-19", null, "Various tasks in data", "accuracies and step size."],
];
const ENTRIES_003: ExpectedHfEntry[] = [
  [13, "A Neural Network Perturbation Theory Based on the Born Series", 2, null, "2020-09-07", null, "Deep Learning using the", "machine-learned second-order Born approximation."],
  [21, "Multi-scale Feature Learning Dynamics: Insights for Double Descent", 4, null, "2021-12-06", null, "A key challenge in", "in deep neural networks."],
  [29, "CLASSP: a Biologically-Inspired Approach to Continual Learning through Adjustment Suppression and Sparsity Promotion", 1, null, "2024-04-29", null, "This paper introduces a", "accuracy and memory footprint."],
  [37, "A Unified Perspective on Optimization in Machine Learning and Neuroscience: From Gradient Descent to Neural Adaptation", 3, null, "2025-10-21", null, "Iterative optimization is central", "exploit intrinsic hardware noise."],
  [45, "Efficient and Modular Implicit Differentiation", 8, null, "2021-05-31", null, "Automatic differentiation (autodiff) has", "analysis of molecular dynamics."],
  [53, "Generating Private Synthetic Data with Genetic Algorithms", 4, null, "2023-06-05", null, "We study the problem", "in approximating differentiable ones."],
  [61, "Broken Neural Scaling Laws", 4, null, "2023-07-23", null, "We present a smoothly", "is available at https://github.com/ethancaballero/broken_neural_scaling_laws"],
  [69, "Grokking as the Transition from Lazy to Rich Training Dynamics", 4, null, "2023-10-09", null, "We propose that the", "Transformers, and student-teacher networks."],
  [77, "Exact solutions to the nonlinear dynamics of learning in deep linear neural networks", 3, null, "2013-12-20", null, "Despite the widespread practical", "the edge of chaos."],
  [85, "On discretisation drift and smoothness regularisation in neural network training", 1, null, "2023-10-21", null, "The deep learning recipe", "adaptions to optimisation methods."],
  [93, "Differentially Private Sequential Learning", 2, null, "2025-02-26", null, "In a differentially private", "hampering the overall process."],
  [101, "Derivations and Sobolev functions on extended metric-measure spaces", 2, null, "2025-03-03", null, "We investigate the first-order", "Sobolev space W^{1,p}(mathbb X)."],
  [109, "Stochastic Interpolants: A Unifying Framework for Flows and Diffusions", 3, null, "2023-03-15", null, "A class of generative", "illustrated on numerical examples."],
  [117, "Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking", 1, null, "2025-09-25", null, "While the phenomenon of", "extended to multi-layer architectures."],
  [125, "Noether's Learning Dynamics: Role of Symmetry Breaking in Neural Networks", 2, null, "2021-05-06", null, "In nature, symmetry governs", "dynamics of neural networks."],
  [133, "Controlling Long-Horizon Behavior in Language Model Agents with Explicit State Dynamics", 1, null, "2026-01-22", null, "Large language model (LLM)", "between stability and responsiveness."],
  [141, "Imitation Learning from Observation with Automatic Discount Scheduling", 7, null, "2023-10-11", null, "Humans often acquire new", "are unsolvable by them."],
  [149, "On Warm-Starting Neural Network Training", 2, null, "2019-10-18", null, "In many real-world deployments", "some of its properties."],
  [157, "Learning Neural Constitutive Laws From Motion Observations for Generalizable PDE Dynamics", 7, null, "2023-04-27", null, "We propose a hybrid", "constitutive laws from videos."],
  [165, "Emergent Transfer of a Physics Foundation Model from Simulation to Laboratory Turbulence", null, "Polymathic AI", "2026-05-30", null, "Whether physics foundation models", "probe longstanding simulation-experiment gaps."],
  [173, "How connectivity structure shapes rich and lazy learning in neural circuits", 6, null, "2023-10-12", null, "In theoretical neuroscience, recent", "risks of catastrophic forgetting."],
  [181, "The Principles of Diffusion Models", 5, null, "2025-10-23", 3, "This monograph presents the", "with basic deep-learning knowledge."],
  [189, "Quantifying the Sensitivity of Inverse Reinforcement Learning to Misspecification", 2, null, "2024-03-11", null, "Inverse reinforcement learning (IRL)", "the inferred reward function."],
  [197, "Neural Tangent Kernel: Convergence and Generalization in Neural Networks", 3, null, "2018-06-20", null, "At initialization, artificial neural", "to the infinite-width limit."],
  [205, "Metis-SPECS: Decoupling Multimodal Learning via Self-distilled Preference-based Cold Start", 7, null, "2025-10-28", null, "Reinforcement learning (RL) with", "raising the performance ceiling."],
  [213, "High-dimensional dynamics of generalization error in neural networks", 2, null, "2017-10-10", null, "We perform an average", "behavior observed in simulation."],
  [221, "On the Entropy Dynamics in Reinforcement Fine-Tuning of Large Language Models", 7, null, "2026-02-03", 7, "Entropy serves as a", "balance during LLM fine-tuning."],
  [229, "Dale meets Langevin: A Multiplicative Denoising Diffusion Model", null, null, null, null, "Gradient descent has proven", "on geometric Brownian motion."],
  [233, "On the Dynamics of Acceleration in First order Gradient Methods", 5, null, "2025-09-22", null, "Ever since the original", "in the Heavy-Ball method."],
  [241, "Are We Really Learning the Score Function? Reinterpreting Diffusion Models Through Wasserstein Gradient Flow Matching", 4, null, "2025-08-29", null, "Diffusion models are commonly", "understanding diffusion generative models."],
  [249, "The Subtle Interplay between Square-root Impact, Order Imbalance & Volatility: A Unifying Framework", 2, null, "2026-03-03", null, "In this work, we", "volatility of financial markets."],
  [257, "The Implicit Regularization of Dynamical Stability in Stochastic Gradient Descent", 2, null, "2023-05-27", null, "In this paper, we", "support our theoretical findings."],
  [265, "Gradient-Normalized Smoothness for Optimization with Approximate Hessians", 3, null, "2025-06-16", null, "In this work, we", "Fisher and Gauss-Newton approximations."],
  [273, "On the matrices in B-spline collocation methods for Riesz fractional equations and their spectral properties", 4, null, "2021-06-28", null, "In this work, we", "p+1-α for odd p."],
  [281, "Studying Large Language Model Generalization with Influence Functions", 17, null, "2023-08-07", null, "When trying to gain", "generalization properties of LLMs."],
  [289, "A PINN Approach to Symbolic Differential Operator Discovery with Sparse Data", 3, null, "2022-12-08", null, "Given ample experimental data", "ODE and PDE regime."],
];
const ENTRIES_004: ExpectedHfEntry[] = [
  [13, "The Universality Lens: Why Even Highly Over-Parametrized Models Learn Well", 3, null, "2025-06-09", null, "A fundamental question in", "of modern AI systems."],
  [21, "Langevin Flows for Modeling Neural Latent Dynamics", 5, null, "2025-07-15", null, "Neural populations exhibit latent", "and their unobserved influences."],
  [29, "Unleashing High-Quality Image Generation in Diffusion Sampling Using Second-Order Levenberg-Marquardt-Langevin", 12, null, "2025-05-30", null, "The diffusion models (DMs)", "with negligible computational overhead."],
  [37, "Stochastic Interpolants: A Unifying Framework for Flows and Diffusions", 3, null, "2023-03-15", null, "A class of generative", "illustrated on numerical examples."],
  [45, "Variational Inference for SDEs Driven by Fractional Noise", 4, null, "2023-10-19", null, "We present a novel", "application to video perception."],
  [53, "Closing the ODE-SDE gap in score-based diffusion models through the Fokker-Planck equation", 5, null, "2023-11-27", null, "Score-based diffusion models have", "degraded SDE sample quality."],
  [61, "Dale meets Langevin: A Multiplicative Denoising Diffusion Model", null, null, null, null, "Gradient descent has proven", "on geometric Brownian motion."],
  [65, "Provable Scaling Laws of Feature Emergence from Learning Dynamics of Grokking", 1, null, "2025-09-25", null, "While the phenomenon of", "extended to multi-layer architectures."],
  [73, "Gradient is All You Need?", 4, null, "2023-06-16", null, "In this paper we", "the provided theoretical insights."],
  [81, "Structured Knowledge Accumulation: The Principle of Entropic Least Action in Forward-Only Neural Learning", 1, null, "2025-04-04", null, "This paper aims to", "and biologically-inspired AI systems."],
  [89, "Single-seed generation of Brownian paths and integrals for adaptive and high order SDE solvers", 3, null, "2024-05-10", null, "Despite the success of", "of its function evaluations."],
  [97, "Stochastic Policy Gradient Methods: Improved Sample Complexity for Fisher-non-degenerate Policies", 4, null, "2023-02-03", null, "Recently, the impressive empirical", "the dimension of parameters."],
  [105, "Microstructural Geometry Revealed by NMR Lineshape Analysis", 2, null, "2024-10-12", null, "We introduce a technique", "biomedicine and other areas."],
  [113, "Differentially Private Multivariate Time Series Forecasting of Aggregated Human Mobility With Deep Learning: Input or Gradient Perturbation?", 5, null, "2022-05-01", null, "This paper investigates the", "private deep learning models."],
  [121, "Curl Descent: Non-Gradient Learning Dynamics with Sign-Diverse Plasticity", 3, null, "2025-10-03", null, "Gradient-based algorithms are a", "learning in neural networks."],
  [129, "Grokking as the Transition from Lazy to Rich Training Dynamics", 4, null, "2023-10-09", null, "We propose that the", "Transformers, and student-teacher networks."],
  [137, "On Neural Differential Equations", 1, null, "2022-02-04", null, "The conjoining of dynamical", "state of the art."],
  [145, "Gradient-Normalized Smoothness for Optimization with Approximate Hessians", 3, null, "2025-06-16", null, "In this work, we", "Fisher and Gauss-Newton approximations."],
  [153, "Accelerating Distributed Stochastic Optimization via Self-Repellent Random Walks", 3, null, "2024-01-17", null, "We study a family", "support our theoretical findings."],
  [161, "Accelerating Sinkhorn Algorithm with Sparse Newton Iterations", 7, null, "2024-01-20", null, "Computing the optimal transport", "of the Hessian matrix."],
  [169, "The Implicit Regularization of Dynamical Stability in Stochastic Gradient Descent", 2, null, "2023-05-27", null, "In this paper, we", "support our theoretical findings."],
  [177, "The Principles of Diffusion Models", 5, null, "2025-10-23", 3, "This monograph presents the", "with basic deep-learning knowledge."],
  [185, "Empirical Analysis of the Hessian of Over-Parametrized Neural Networks", 5, null, "2017-06-14", null, "We study the properties", "to the same basin."],
  [193, "Improving equilibrium propagation without weight symmetry through Jacobian homeostasis", 2, null, "2023-09-05", null, "Equilibrium propagation (EP) is", "the substrate's relaxation dynamics."],
  [201, "High-dimensional dynamics of generalization error in neural networks", 2, null, "2017-10-10", null, "We perform an average", "behavior observed in simulation."],
  [209, "A PINN Approach to Symbolic Differential Operator Discovery with Sparse Data", 3, null, "2022-12-08", null, "Given ample experimental data", "ODE and PDE regime."],
  [217, "Are We Really Learning the Score Function? Reinterpreting Diffusion Models Through Wasserstein Gradient Flow Matching", 4, null, "2025-08-29", null, "Diffusion models are commonly", "understanding diffusion generative models."],
];


const SEEDS: { file: string; pageDate: string; expected: ExpectedHfEntry[] }[] = [
  { file: SEED_FILES.hf001, pageDate: '2026-04-21', expected: ENTRIES_001 },
  { file: SEED_FILES.hf002, pageDate: '2026-02-11', expected: ENTRIES_002 },
  { file: SEED_FILES.hf003, pageDate: '2026-06-30', expected: ENTRIES_003 },
  { file: SEED_FILES.hf004, pageDate: '2026-03-03', expected: ENTRIES_004 },
];

function parseSeed(file: string, options = { today: TODAY }) {
  return parseHfDailyPapers(readSeed(file), file, options);
}

function entryTitled(entries: readonly ParsedEntry[], title: string): ParsedEntry {
  const entry = entries.find((candidate) => candidate.title === title);
  assert.ok(entry, `no entry titled "${title}"`);
  return entry;
}

const HEADER = 'new\n\nGet trending papers in your email inbox!\n\nSubscribe\n\nDaily Papers\n\nbyAK and the research community\n\n';

function page(dateLine: string, ...entries: string[]): string {
  return `${HEADER}${dateLine}\n\n${entries.join('\n\n')}`;
}

function entry(title: string, abstract: string, attribution: string | null, date: string | null): string {
  if (attribution === null && date === null) return `${title}\n\n${abstract}`;
  return `${title}\n\n${abstract}\n\n  • ${attribution}\n·\n${date}`;
}

describe('parseHfDailyPapers on the seed pages', () => {
  for (const seed of SEEDS) {
    describe(seed.file, () => {
      it('reads every title, in page order', () => {
        assert.deepStrictEqual(titles(parseSeed(seed.file).entries), seed.expected.map((row) => row[1]));
      });

      it('reports no diagnostics', () => {
        assert.deepStrictEqual(parseSeed(seed.file).diagnostics, []);
      });

      it('reads each entry field by field: line, author count, organisation, date, upvotes, abstract bounds', () => {
        const { entries } = parseSeed(seed.file);
        assert.strictEqual(entries.length, seed.expected.length);
        seed.expected.forEach(([line, title, authorCount, organization, date, upvotes, first, last], index) => {
          const parsed = entries[index];
          assert.deepStrictEqual(
            { line: parsed.source.line, title: parsed.title, authorCount: parsed.authorCount, organization: parsed.organization, date: parsed.date, upvotes: parsed.upvotes },
            { line, title, authorCount, organization, date, upvotes },
          );
          assertAbstractBounds(parsed, first, last);
        });
      });

      it('gives every entry the page date with the inferred year, the file and the format', () => {
        for (const parsed of parseSeed(seed.file).entries) {
          assert.deepStrictEqual(
            { ...parsed.source, line: 0 },
            { file: seed.file, format: 'hf-daily-papers', line: 0, pageDate: seed.pageDate },
          );
        }
      });

      it('lists no author names (the page shows only a count) and never marks the list truncated', () => {
        for (const parsed of parseSeed(seed.file).entries) {
          assert.deepStrictEqual(parsed.authors, []);
          assert.strictEqual(parsed.authorsTruncated, false);
        }
      });

      it('keeps abstracts free of the title, the metadata lines and line breaks', () => {
        for (const parsed of parseSeed(seed.file).entries) {
          assert.ok(!parsed.abstract.includes(parsed.title), parsed.title);
          assert.ok(!/\d+ authors|·|\n/.test(parsed.abstract), parsed.title);
          assert.strictEqual(parsed.abstract, parsed.abstract.trim());
        }
      });

      it('takes each abstract exactly from its line on the page, whitespace normalised', () => {
        const { entries } = parseSeed(seed.file);
        for (const parsed of entries) {
          const pageLine = seedLine(seed.file, parsed.source.line + 2);
          assert.strictEqual(parsed.abstract, pageLine.replace(/\s+/g, ' ').trim());
        }
      });

      it('does not take the header lines for entries', () => {
        const found = titles(parseSeed(seed.file).entries);
        for (const headerLine of ['new', 'Subscribe', 'Daily Papers', 'byAK and the research community', 'Get trending papers in your email inbox!']) {
          assert.ok(!found.includes(headerLine), headerLine);
        }
      });
    });
  }

  it('loads "Dale meets Langevin", which has no metadata block, with title and abstract only', () => {
    const dale = entryTitled(parseSeed(SEED_FILES.hf002).entries, 'Dale meets Langevin: A Multiplicative Denoising Diffusion Model');
    assert.deepStrictEqual(
      { authorCount: dale.authorCount, organization: dale.organization, date: dale.date, upvotes: dale.upvotes, line: dale.source.line },
      { authorCount: null, organization: null, date: null, upvotes: null, line: 109 },
    );
    assertAbstractBounds(dale, 'Gradient descent has proven to be a powerful', 'founded on geometric Brownian motion.');
  });

  it('starts the entry after "Dale meets Langevin" at its own title, with its own metadata', () => {
    const { entries } = parseSeed(SEED_FILES.hf002);
    const index = entries.findIndex((candidate) => candidate.title.startsWith('Dale meets Langevin'));
    const next = entries[index + 1];
    assert.strictEqual(next.title, 'Noise-Adaptive Layerwise Learning Rates: Accelerating Geometry-Aware Optimization for Deep Neural Network Training');
    assert.deepStrictEqual([next.authorCount, next.date, next.source.line], [5, '2025-10-15', 113]);
  });

  it('keeps the display name of an organisation line as the organisation, with no author count', () => {
    const emergent = entryTitled(parseSeed(SEED_FILES.hf003).entries, 'Emergent Transfer of a Physics Foundation Model from Simulation to Laboratory Turbulence');
    assert.deepStrictEqual([emergent.organization, emergent.authorCount, emergent.date], ['Polymathic AI', null, '2026-05-30']);
  });

  it('reads "Oct 23, 2025 3" as Oct 23, 2025 with 3 upvotes', () => {
    for (const file of [SEED_FILES.hf003, SEED_FILES.hf004]) {
      const principles = entryTitled(parseSeed(file).entries, 'The Principles of Diffusion Models');
      assert.deepStrictEqual([principles.date, principles.upvotes, principles.authorCount], ['2025-10-23', 3, 5]);
    }
  });

  it('reads "Feb 3 7" as Feb 3 of the page year with 7 upvotes', () => {
    const entropy = entryTitled(parseSeed(SEED_FILES.hf003).entries, 'On the Entropy Dynamics in Reinforcement Fine-Tuning of Large Language Models');
    assert.deepStrictEqual([entropy.date, entropy.upvotes], ['2026-02-03', 7]);
  });

  it('reads "Apr 16 1" and "Sep 12, 2019 1" as one upvote', () => {
    const crispr = parseSeed(SEED_FILES.hf001).entries[2];
    assert.deepStrictEqual([crispr.date, crispr.upvotes], ['2026-04-16', 1]);
    const diffGrad = entryTitled(parseSeed(SEED_FILES.hf002).entries, 'diffGrad: An Optimization Method for Convolutional Neural Networks');
    assert.deepStrictEqual([diffGrad.date, diffGrad.upvotes], ['2019-09-12', 1]);
  });

  it('gives year-less dates the year after the latest explicit year on the page (2025 -> 2026)', () => {
    const { entries } = parseSeed(SEED_FILES.hf001);
    assert.strictEqual(entries[1].date, '2026-02-22');
    assert.strictEqual(entries[1].source.pageDate, '2026-04-21');
  });

  it('uses ParseOptions.pageYear for year-less dates and the page date, leaving explicit years alone', () => {
    const { entries } = parseHfDailyPapers(readSeed(SEED_FILES.hf001), SEED_FILES.hf001, { today: TODAY, pageYear: 2030 });
    assert.deepStrictEqual(
      entries.slice(0, 3).map((parsed) => [parsed.date, parsed.source.pageDate]),
      [['2021-12-06', '2030-04-21'], ['2030-02-22', '2030-04-21'], ['2030-04-16', '2030-04-21']],
    );
  });

  it('never infers a page year later than today\'s year', () => {
    const { entries } = parseHfDailyPapers(readSeed(SEED_FILES.hf001), SEED_FILES.hf001, { today: new Date(Date.UTC(2025, 11, 31)) });
    assert.deepStrictEqual([entries[1].date, entries[1].source.pageDate], ['2025-02-22', '2025-04-21']);
  });

  it('takes today\'s year when no date on the page has a year', () => {
    const text = page('Apr 21', entry('A paper', 'An abstract.', '2 authors', 'Feb 22'));
    const [parsed] = parseHfDailyPapers(text, 'p.txt', { today: new Date(Date.UTC(2024, 5, 1)) }).entries;
    assert.deepStrictEqual([parsed.date, parsed.source.pageDate], ['2024-02-22', '2024-04-21']);
  });

  it('keeps the same paper\'s fields identical across pages', () => {
    const in002 = entryTitled(parseSeed(SEED_FILES.hf002).entries, 'Gradient-Normalized Smoothness for Optimization with Approximate Hessians');
    const in004 = entryTitled(parseSeed(SEED_FILES.hf004).entries, 'Gradient-Normalized Smoothness for Optimization with Approximate Hessians');
    assert.deepStrictEqual({ ...in002, source: null }, { ...in004, source: null });
  });
});

describe('parseHfDailyPapers on constructed pages', () => {
  it('keeps a title that looks like a date as a title, right after the header and mid-page', () => {
    const text = page(
      'Apr 21',
      entry('Feb 22', 'A paper whose title is a date.', '3 authors', 'Dec 6, 2021'),
      entry('March 3, 2024', 'Another paper titled like a date.', '2 authors', 'Jan 5, 2022 4'),
    );
    const { entries, diagnostics } = parseHfDailyPapers(text, 'p.txt', { today: TODAY });
    assert.deepStrictEqual(
      entries.map((parsed) => [parsed.title, parsed.abstract, parsed.authorCount, parsed.date, parsed.upvotes]),
      [
        ['Feb 22', 'A paper whose title is a date.', 3, '2021-12-06', null],
        ['March 3, 2024', 'Another paper titled like a date.', 2, '2022-01-05', 4],
      ],
    );
    assert.strictEqual(entries[0].source.pageDate, '2023-04-21');
    assert.deepStrictEqual(diagnostics, []);
  });

  it('reads "1 author" (singular) and an upvote count such as "1.2k"', () => {
    const [parsed] = parseHfDailyPapers(page('Apr 21', entry('Solo', 'Alone.', '1 author', 'Mar 1, 2024 1.2k')), 'p.txt').entries;
    assert.deepStrictEqual([parsed.authorCount, parsed.date, parsed.upvotes], [1, '2024-03-01', 1200]);
  });

  it('reads an organisation line together with an author count', () => {
    const text = `${HEADER}Apr 21\n\nA paper\n\nAn abstract.\n\ngoogle Google DeepMind\n  • 12 authors\n·\nMay 2, 2024`;
    const [parsed] = parseHfDailyPapers(text, 'p.txt').entries;
    assert.deepStrictEqual([parsed.organization, parsed.authorCount, parsed.date], ['Google DeepMind', 12, '2024-05-02']);
  });

  it('reads an entry whose blank lines between title, abstract and metadata are missing', () => {
    const text = `${HEADER}Apr 21\n\nTight title\nTight abstract.\n  • 2 authors\n·\nJan 2, 2024\n\nNext title\n\nNext abstract.\n\n  • 3 authors\n·\nJan 3, 2024`;
    const { entries, diagnostics } = parseHfDailyPapers(text, 'p.txt');
    assert.deepStrictEqual(
      entries.map((parsed) => [parsed.title, parsed.abstract, parsed.authorCount, parsed.date, parsed.source.line]),
      [
        ['Tight title', 'Tight abstract.', 2, '2024-01-02', 13],
        ['Next title', 'Next abstract.', 3, '2024-01-03', 19],
      ],
    );
    assert.deepStrictEqual(diagnostics, []);
  });

  it('joins an abstract wrapped over several lines with single spaces', () => {
    const [parsed] = parseHfDailyPapers(page('Apr 21', entry('Wrapped', 'First half\n  second   half.', '2 authors', 'Jan 2, 2024')), 'p.txt').entries;
    assert.strictEqual(parsed.abstract, 'First half second half.');
  });

  it('keeps an entry whose date line is unreadable, with no date and a warning at that line', () => {
    const text = page('Apr 21', entry('Bad date', 'Abstract.', '2 authors', 'Dec 32, 2021'), entry('Good', 'Abstract.', '1 authors', 'Jan 2, 2024'));
    const { entries, diagnostics } = parseHfDailyPapers(text, 'p.txt');
    assert.deepStrictEqual(entries.map((parsed) => [parsed.title, parsed.date, parsed.authorCount]), [['Bad date', null, 2], ['Good', '2024-01-02', 1]]);
    assert.deepStrictEqual(diagnostics, [{ file: 'p.txt', line: 19, message: 'Unrecognised date "Dec 32, 2021"; date left empty.', severity: 'warning' }]);
  });

  it('leaves a year-less Feb 29 empty, with a warning, when the page year is not a leap year', () => {
    const text = page('Apr 21', entry('Leap', 'Abstract.', '2 authors', 'Feb 29'));
    const common = parseHfDailyPapers(text, 'p.txt', { pageYear: 2025 });
    assert.deepStrictEqual([common.entries[0].date, common.diagnostics.map((d) => [d.line, d.severity])], [null, [[19, 'warning']]]);
    const leap = parseHfDailyPapers(text, 'p.txt', { pageYear: 2024 });
    assert.deepStrictEqual([leap.entries[0].date, leap.diagnostics], ['2024-02-29', []]);
  });

  it('skips a metadata block with no title above it, with a warning at its line, and loads the rest', () => {
    const text = `${HEADER}Apr 21\n\nA\n\nAbstract A.\n\n  • 2 authors\n·\nJan 2, 2024\n\n  • 5 authors\n·\nJan 9, 2024\n\nB\n\nAbstract B.\n\n  • 1 authors\n·\nJan 3, 2024`;
    const { entries, diagnostics } = parseHfDailyPapers(text, 'p.txt');
    assert.deepStrictEqual(titles(entries), ['A', 'B']);
    assert.deepStrictEqual(diagnostics, [{ file: 'p.txt', line: 21, message: 'Metadata block with no paper title above it; skipped.', severity: 'warning' }]);
  });

  it('keeps an entry with a title and metadata but no abstract, warning that the abstract is missing', () => {
    const text = `${HEADER}Apr 21\n\nNo abstract here\n\n  • 2 authors\n·\nJan 2, 2024`;
    const { entries, diagnostics } = parseHfDailyPapers(text, 'p.txt');
    assert.deepStrictEqual(entries.map((parsed) => [parsed.title, parsed.abstract, parsed.authorCount]), [['No abstract here', '', 2]]);
    assert.deepStrictEqual(diagnostics.map((d) => [d.line, d.severity]), [[13, 'warning']]);
  });

  it('reads a page copied without its header, from the date line down', () => {
    const text = `Apr 21\n\n${entry('First', 'Abstract one.', '2 authors', 'Feb 22')}\n\n${entry('Second', 'Abstract two.', '3 authors', 'Jan 2, 2024')}`;
    const { entries } = parseHfDailyPapers(text, 'p.txt', { today: TODAY });
    assert.deepStrictEqual(
      entries.map((parsed) => [parsed.title, parsed.date, parsed.source.line, parsed.source.pageDate]),
      [['First', '2025-02-22', 3, '2025-04-21'], ['Second', '2024-01-02', 11, '2025-04-21']],
    );
  });

  it('keeps a date-like title at the very top of a page without header when an abstract follows it', () => {
    const text = `${entry('Feb 22', 'This is the abstract of the paper titled Feb 22, long enough to read as prose rather than as a title line. '.repeat(5).trim(), '2 authors', 'Jan 2, 2024')}`;
    const { entries } = parseHfDailyPapers(text, 'p.txt', { today: TODAY });
    assert.deepStrictEqual(entries.map((parsed) => [parsed.title, parsed.date, parsed.source.pageDate]), [['Feb 22', '2024-01-02', null]]);
  });

  it('takes the year a page header prints as the year of the page\'s year-less dates', () => {
    const text = page('Apr 21, 2023', entry('P', 'A.', '2 authors', 'Feb 22'), entry('Q', 'B.', '2 authors', 'Jan 2, 2024'));
    const { entries } = parseHfDailyPapers(text, 'p.txt', { today: TODAY });
    assert.deepStrictEqual(entries.map((parsed) => [parsed.date, parsed.source.pageDate]), [['2023-02-22', '2023-04-21'], ['2024-01-02', '2023-04-21']]);
    const overridden = parseHfDailyPapers(text, 'p.txt', { today: TODAY, pageYear: 2022 }).entries[0];
    assert.deepStrictEqual([overridden.date, overridden.source.pageDate], ['2022-02-22', '2023-04-21']);
  });

  it('reads a month header ("April 2026") as a YYYY-MM page date', () => {
    const [parsed] = parseHfDailyPapers(page('April 2026', entry('P', 'A.', '2 authors', 'Apr 3')), 'p.txt', { today: TODAY }).entries;
    assert.deepStrictEqual([parsed.source.pageDate, parsed.date], ['2026-04', '2026-04-03']);
  });
});
