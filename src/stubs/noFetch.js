// Citation.js reaches for fetch only to resolve URLs and DOIs, which Paper Shelf never asks it to: it stays offline.
module.exports = function noNetwork() {
  throw new Error('Paper Shelf works offline: Citation.js may not fetch from the network');
};
