// Original file: proto/titan/titan.proto


export interface Resources {
  'cpuMillis'?: (number);
  'memoryMb'?: (number);
  'devices'?: ({[key: string]: number});
}

export interface Resources__Output {
  'cpuMillis': (number);
  'memoryMb': (number);
  'devices': ({[key: string]: number});
}
