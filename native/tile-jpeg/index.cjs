// Loads the addon built by node-gyp at install (build/Release/tile_jpeg.node).
module.exports = require('./build/Release/tile_jpeg.node');
