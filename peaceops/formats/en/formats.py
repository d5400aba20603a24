# Canada.ca writes dates in full in English: "October 15, 2017", not "Oct. 15, 2017".
DATE_FORMAT = "F j, Y"
