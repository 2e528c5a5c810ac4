/**
 * `chalkgrad`: the engine, the networks and the pictures in one import, for a web page, a notebook
 * or Node. What needs Node (files, the terminal, PNG) is in `chalkgrad/node`.
 */
export * from '@chalkgrad/core';
export * from '@chalkgrad/nn';
export * from '@chalkgrad/viz';
