/** The generator's words: real scientific terms at the head of a Zipf distribution, invented ones in its tail. */
import type { Random } from './random';

/** Common scientific words, most frequent first; they take the head ranks of the global distribution. */
export const SCIENCE_TERMS: readonly string[] = (
  'model models learning data method methods network networks neural results approach performance analysis training ' +
  'system systems framework algorithm algorithms problem problems information structure dynamics distribution function ' +
  'theory experiments representation representations features optimization prediction inference generalization ' +
  'estimation architecture equation equations simulations simulation accuracy efficiency gradient parameters ' +
  'scaling robustness uncertainty space energy field temperature quantum state states phase transition noise signal ' +
  'images image language text graph graphs tasks task benchmark benchmarks dataset datasets evaluation baseline ' +
  'objective loss regularization convergence complexity sampling samples diffusion generative transformer attention ' +
  'encoder decoder embedding embeddings kernel matrix spectrum eigenvalues curvature manifold geometry topology ' +
  'stochastic deterministic nonlinear linear dimensional latent variational bayesian posterior prior likelihood ' +
  'entropy mutual protein proteins cells cell gene genes expression sequencing genome neurons neuron cortex brain ' +
  'behavior population populations evolution selection fitness galaxy galaxies stars cosmological dark matter halo ' +
  'plasma turbulence flow flows fluid viscosity boundary instability waves wave particles particle electron spin ' +
  'lattice materials crystal alloy thermal transport diffusion reaction kinetics chemical molecular molecules ' +
  'climate ocean atmosphere weather forecasting seismic earthquake imaging microscopy spectroscopy detector ' +
  'reinforcement policy reward agent agents control planning robot robotics navigation trajectory trajectories ' +
  'clustering classification regression segmentation detection recognition retrieval reasoning alignment ' +
  'pretraining finetuning adaptation transfer continual federated privacy fairness interpretability causal ' +
  'operator operators solver solvers discretization mesh finite element spectral fourier wavelet scattering ' +
  'hamiltonian lagrangian symmetry invariance equivariant conservation thermodynamics equilibrium nonequilibrium ' +
  'fluctuations correlations correlation statistical statistics estimator estimators bounds lower upper rate rates'
).split(' ');

/** Multi-word phrases that scientific abstracts repeat; inserted whole. */
export const SCIENTIFIC_PHRASES: readonly string[] = [
  'neural network', 'deep learning', 'machine learning', 'gradient descent', 'stochastic gradient descent',
  'state of the art', 'large language models', 'diffusion models', 'score matching', 'phase transition',
  'dark matter', 'loss landscape', 'double descent', 'reinforcement learning', 'graph neural networks',
  'single-cell sequencing', 'gene expression', 'protein structure', 'molecular dynamics', 'density functional theory',
  'monte carlo', 'markov chain', 'partial differential equations', 'ordinary differential equations',
  'physics-informed neural networks', 'neural operator', 'foundation model', 'self-supervised learning',
  'contrastive learning', 'variational inference', 'bayesian optimization', 'gaussian process', 'mean field',
  'renormalization group', 'statistical mechanics', 'spin glass', 'random matrix theory', 'kernel methods',
  'attention mechanism', 'in-context learning', 'scaling laws', 'lottery ticket', 'neural tangent kernel',
  'optimal transport', 'normalizing flows', 'energy-based models', 'inverse problems', 'uncertainty quantification',
  'time series', 'signal processing', 'image reconstruction', 'gravitational waves', 'cosmic microwave background',
  'galaxy formation', 'stellar populations', 'exoplanet atmospheres', 'black hole', 'active matter',
  'collective behavior', 'neural population', 'synaptic plasticity', 'decision making', 'motor control',
  'climate models', 'weather forecasting', 'fluid dynamics', 'navier-stokes equations', 'turbulent flows',
  'quantum circuits', 'quantum error correction', 'ground state', 'many-body systems', 'tensor networks',
  'numerical experiments', 'closed-form expressions', 'empirical findings', 'theoretical analysis', 'lower bound',
];

/** Fields papers belong to: each pulls its own words more often, so topics are there to be found. */
export const FIELDS: readonly { name: string; terms: readonly string[] }[] = [
  { name: 'generative models', terms: ['diffusion', 'denoising', 'score', 'sampler', 'generative', 'likelihood', 'flows', 'latent', 'decoder', 'image'] },
  { name: 'language models', terms: ['language', 'tokens', 'transformer', 'attention', 'prompting', 'reasoning', 'pretraining', 'finetuning', 'alignment', 'text'] },
  { name: 'reinforcement learning', terms: ['policy', 'reward', 'agent', 'exploration', 'planning', 'value', 'environment', 'actor', 'critic', 'bandit'] },
  { name: 'optimization', terms: ['gradient', 'convergence', 'convex', 'momentum', 'hessian', 'curvature', 'stepsize', 'adam', 'sgd', 'minima'] },
  { name: 'learning theory', terms: ['generalization', 'bounds', 'overparametrized', 'kernel', 'margin', 'sample', 'complexity', 'descent', 'feature', 'regime'] },
  { name: 'quantum', terms: ['quantum', 'qubits', 'entanglement', 'hamiltonian', 'circuit', 'fidelity', 'decoherence', 'ground', 'spin', 'lattice'] },
  { name: 'cosmology', terms: ['galaxy', 'cosmological', 'halo', 'redshift', 'dark', 'survey', 'lensing', 'baryon', 'inflation', 'clusters'] },
  { name: 'astrophysics', terms: ['stars', 'stellar', 'accretion', 'black', 'supernova', 'exoplanet', 'disk', 'orbit', 'binary', 'magnetar'] },
  { name: 'neuroscience', terms: ['neurons', 'cortex', 'synaptic', 'spiking', 'neural', 'brain', 'behavior', 'coding', 'plasticity', 'hippocampus'] },
  { name: 'genomics', terms: ['gene', 'genome', 'sequencing', 'transcriptomic', 'cells', 'expression', 'regulatory', 'crispr', 'chromatin', 'variants'] },
  { name: 'proteins', terms: ['protein', 'folding', 'binding', 'residues', 'structure', 'enzyme', 'ligand', 'docking', 'peptide', 'conformational'] },
  { name: 'fluid dynamics', terms: ['turbulence', 'flow', 'vortex', 'viscosity', 'reynolds', 'boundary', 'navier', 'mixing', 'instability', 'shear'] },
  { name: 'plasma physics', terms: ['plasma', 'magnetized', 'collisional', 'kinetic', 'electron', 'ion', 'reconnection', 'tokamak', 'particle', 'heating'] },
  { name: 'materials', terms: ['alloy', 'crystal', 'phase', 'microstructure', 'grain', 'defects', 'thermal', 'elastic', 'fracture', 'precipitates'] },
  { name: 'statistical physics', terms: ['entropy', 'fluctuations', 'equilibrium', 'nonequilibrium', 'stochastic', 'thermodynamic', 'active', 'glass', 'critical', 'scaling'] },
  { name: 'graphs', terms: ['graph', 'nodes', 'edges', 'message', 'passing', 'community', 'spectral', 'molecular', 'relational', 'hypergraph'] },
  { name: 'computer vision', terms: ['images', 'segmentation', 'detection', 'video', 'pixels', 'camera', 'depth', 'scene', 'recognition', 'rendering'] },
  { name: 'climate', terms: ['climate', 'ocean', 'atmosphere', 'precipitation', 'forecast', 'weather', 'carbon', 'ice', 'warming', 'emissions'] },
  { name: 'scientific computing', terms: ['solver', 'mesh', 'discretization', 'spectral', 'operator', 'pde', 'finite', 'multigrid', 'preconditioner', 'adjoint'] },
  { name: 'statistics', terms: ['estimator', 'bayesian', 'posterior', 'prior', 'inference', 'bootstrap', 'hypothesis', 'regression', 'causal', 'confounding'] },
  { name: 'robotics', terms: ['robot', 'manipulation', 'grasping', 'locomotion', 'control', 'trajectory', 'sensor', 'actuator', 'navigation', 'teleoperation'] },
  { name: 'signal processing', terms: ['signal', 'wavelet', 'scattering', 'sparse', 'denoising', 'seismic', 'frequency', 'filter', 'spectra', 'deconvolution'] },
  { name: 'developmental biology', terms: ['embryo', 'patterning', 'morphogen', 'tissue', 'development', 'organoid', 'differentiation', 'signaling', 'growth', 'polarity'] },
  { name: 'privacy and fairness', terms: ['privacy', 'differential', 'fairness', 'bias', 'federated', 'clients', 'adversarial', 'robust', 'attack', 'defense'] },
];

export const FUNCTION_WORDS = {
  determiners: ['the', 'a', 'this', 'these', 'our', 'such', 'each', 'its', 'their'],
  prepositions: ['of', 'for', 'in', 'with', 'on', 'from', 'under', 'across', 'via', 'through', 'beyond', 'between'],
  verbs: ['propose', 'introduce', 'study', 'analyze', 'derive', 'develop', 'present', 'show', 'investigate', 'characterize', 'quantify', 'establish'],
  verbs3: ['improves', 'reveals', 'captures', 'predicts', 'explains', 'controls', 'reduces', 'enables', 'outperforms', 'recovers', 'governs', 'shapes'],
  adjectives: ['novel', 'efficient', 'robust', 'scalable', 'unified', 'simple', 'general', 'principled', 'accurate', 'implicit', 'explicit', 'adaptive', 'hierarchical', 'sparse', 'multiscale', 'universal', 'minimal', 'exact', 'approximate', 'local', 'global'],
};

const ONSETS = ['b', 'c', 'd', 'f', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'br', 'cr', 'dr', 'fl', 'gr', 'pl', 'pr', 'sk', 'st', 'str', 'th', 'tr', 'ch', 'sh', 'ph', 'qu'];
const NUCLEI = ['a', 'e', 'i', 'o', 'u', 'y', 'ae', 'ai', 'ea', 'io', 'ou'];
const CODAS = ['', '', '', 'n', 'r', 's', 'l', 'm', 'x', 'st', 'nt', 'rk'];
const SUFFIXES = ['', '', '', '', '', 'ic', 'al', 'ity', 'ion', 'ism', 'ase', 'ene', 'on', 'ics', 'oid', 'ium'];

/** Invented word-like terms, unique and distinct from every real term given. */
export function inventTerms(random: Random, count: number, avoid: ReadonlySet<string>): string[] {
  const seen = new Set<string>(avoid);
  const terms: string[] = [];
  while (terms.length < count) {
    const syllables = random.int(1, 3);
    let word = '';
    for (let s = 0; s < syllables; s++) word += random.pick(ONSETS) + random.pick(NUCLEI) + (s === syllables - 1 ? random.pick(CODAS) : '');
    word += random.pick(SUFFIXES);
    if (word.length < 4 || word.length > 14 || seen.has(word)) continue;
    seen.add(word);
    terms.push(word);
  }
  return terms;
}
