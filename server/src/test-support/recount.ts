import { get_encoding } from 'tiktoken';

const o200k = get_encoding('o200k_base');
const cl100k = get_encoding('cl100k_base');

/** Token counts taken straight from tiktoken, independently of the simulator's own wrapper: what tests recount with. */
export const recountO200k = (text: string): number => o200k.encode_ordinary(text).length;
export const recountCl100k = (text: string): number => cl100k.encode_ordinary(text).length;
