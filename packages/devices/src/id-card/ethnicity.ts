/** GB/T 3304 ethnicity codes (民族代码) as printed on the resident ID card. */
export const ETHNICITIES: Readonly<Record<string, string>> = {
  '01': '汉',
  '02': '蒙古',
  '03': '回',
  '04': '藏',
  '05': '维吾尔',
  '06': '苗',
  '07': '彝',
  '08': '壮',
  '09': '布依',
  '10': '朝鲜',
  '11': '满',
  '12': '侗',
  '13': '瑶',
  '14': '白',
  '15': '土家',
  '16': '哈尼',
  '17': '哈萨克',
  '18': '傣',
  '19': '黎',
  '20': '傈僳',
  '21': '佤',
  '22': '畲',
  '23': '高山',
  '24': '拉祜',
  '25': '水',
  '26': '东乡',
  '27': '纳西',
  '28': '景颇',
  '29': '柯尔克孜',
  '30': '土',
  '31': '达斡尔',
  '32': '仫佬',
  '33': '羌',
  '34': '布朗',
  '35': '撒拉',
  '36': '毛南',
  '37': '仡佬',
  '38': '锡伯',
  '39': '阿昌',
  '40': '普米',
  '41': '塔吉克',
  '42': '怒',
  '43': '乌孜别克',
  '44': '俄罗斯',
  '45': '鄂温克',
  '46': '德昂',
  '47': '保安',
  '48': '裕固',
  '49': '京',
  '50': '塔塔尔',
  '51': '独龙',
  '52': '鄂伦春',
  '53': '赫哲',
  '54': '门巴',
  '55': '珞巴',
  '56': '基诺',
  '97': '其他',
  '98': '外国血统中国籍人士',
};

export interface Ethnicity {
  /** Two-digit GB/T 3304 code, e.g. '01'. */
  readonly code: string;
  /** Name without the 族 suffix, e.g. '汉'; undefined for a code outside the table. */
  readonly name: string | undefined;
}

export const ethnicityFromCode = (code: string): Ethnicity => ({ code, name: ETHNICITIES[code] });

/** Display form: '汉族', '维吾尔族', but '其他' and '外国血统中国籍人士' without 族. */
export const ethnicityLabel = (ethnicity: Ethnicity): string => {
  if (!ethnicity.name) return ethnicity.code;
  return ethnicity.code === '97' || ethnicity.code === '98' ? ethnicity.name : `${ethnicity.name}族`;
};
