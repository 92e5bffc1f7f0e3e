import Resolver from '@forge/resolver';
import { defineApiResolvers } from './api';

const resolver = new Resolver();
defineApiResolvers(resolver);

export const adminResolverHandler = resolver.getDefinitions();
